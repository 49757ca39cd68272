/* File system calls at their edges: every call's result and errno is printed, so a run compares line
 * for line with the kernel's answers (bad descriptors and pointers, open flags, seeks, positional I/O,
 * holes, append, shared offsets, vectors, directories, long paths). Only relative paths are used and
 * nothing host-specific (inode numbers, times, absolute paths) is printed. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <linux/fs.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>
#include "show.h"

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(void)
{
    char buf[256];
    char *bad = (char *)8;

    /* Bad descriptors, each call's own error. */
    show("read bad fd", read(-1, buf, 4));
    show("write fd 999", write(999, "x", 1));
    show("close unopened", close(77));
    show("lseek bad fd", lseek(55, 0, SEEK_SET));
    struct stat st;
    show("fstat bad fd", fstat(66, &st));
    show("pread negative fd", pread(-5, buf, 4, 0));
    show("dup bad fd", dup(123));
    show("getdents64 bad fd", syscall(SYS_getdents64, 88, buf, sizeof buf));

    /* Opens and their refusals. */
    show("mkdir d", mkdir("d", 0755));
    show("mkdir d again", mkdir("d", 0755));
    int fd = open("d/f", O_CREAT | O_WRONLY | O_TRUNC, 0644);
    show("create d/f", fd >= 0 ? 0 : -1);
    show("write 10", write(fd, "0123456789", 10));
    show("read write-only", read(fd, buf, 4));
    show("close", close(fd));
    show("O_EXCL existing", open("d/f", O_CREAT | O_EXCL | O_WRONLY, 0644));
    show("O_DIRECTORY on file", open("d/f", O_RDONLY | O_DIRECTORY));
    show("O_WRONLY on directory", open("d", O_WRONLY));
    show("O_RDWR|O_CREAT on dir", open("d", O_RDWR | O_CREAT, 0644));
    show("missing no O_CREAT", open("d/missing", O_RDONLY));
    show("missing parent", open("nowhere/f", O_CREAT | O_WRONLY, 0644));
    show("file as directory", open("d/f/g", O_RDONLY));
    show("empty path", open("", O_RDONLY));
    show("bad path pointer", open(bad, O_RDONLY));
    show("O_NOFOLLOW regular", (fd = open("d/f", O_RDONLY | O_NOFOLLOW)) >= 0 ? 0 : -1);
    show("write read-only", write(fd, "x", 1));
    show("read into bad pointer", read(fd, bad, 4));
    show("read 4", read(fd, buf, 4));
    show("pread negative offset", pread(fd, buf, 4, -1));
    show("pread past end", pread(fd, buf, 4, 100));
    show("pread 3 at 8", pread(fd, buf, 3, 8));
    show("lseek SEEK_CUR +0", lseek(fd, 0, SEEK_CUR));
    show("lseek SEEK_END -1", lseek(fd, -1, SEEK_END));
    show("lseek SEEK_SET -1", lseek(fd, -1, SEEK_SET));
    show("lseek whence 9", lseek(fd, 0, 9));
    show("lseek SEEK_DATA 3", lseek(fd, 3, SEEK_DATA));
    show("lseek SEEK_DATA at end", lseek(fd, 10, SEEK_DATA));
    show("lseek SEEK_HOLE 0", lseek(fd, 0, SEEK_HOLE));
    show("lseek SEEK_CUR after", lseek(fd, 0, SEEK_CUR));
    show("fstat into bad pointer", fstat(fd, (struct stat *)bad));
    show("close", close(fd));
    show("stat into bad pointer", stat("d/f", (struct stat *)bad));
    show("stat missing", stat("d/none", &st));
    show("access F_OK missing", access("d/none", F_OK));
    show("access mode 8", syscall(SYS_faccessat, AT_FDCWD, "d/f", 8, 0));

    /* A hole: seek past the end, write, read the gap back as zeros. */
    fd = open("d/holes", O_CREAT | O_RDWR | O_TRUNC, 0600);
    show("seek to 5000", lseek(fd, 5000, SEEK_SET));
    show("write at 5000", write(fd, "end", 3));
    show("size by SEEK_END", lseek(fd, 0, SEEK_END));
    long zeros = 0;
    char big[6000];
    show("pread whole", pread(fd, big, sizeof big, 0));
    for (int i = 0; i < 5000; i++)
        zeros += big[i] == 0;
    printf("zeros in the hole: %ld, tail %.3s\n", zeros, big + 5000);
    show("fstat", fstat(fd, &st));
    printf("hole file: blksize %ld, blocks %ld, links %ld\n", (long)st.st_blksize, (long)st.st_blocks, (long)st.st_nlink);
    show("ftruncate to 2", ftruncate(fd, 2));
    show("fstat", fstat(fd, &st));
    printf("size after truncate: %lld\n", (long long)st.st_size);
    show("ftruncate negative", ftruncate(fd, -1));
    show("close", close(fd));

    /* O_APPEND writes at the end whatever the offset; dup'ed descriptors share the offset. */
    fd = open("d/log", O_CREAT | O_WRONLY | O_APPEND, 0600);
    show("append abc", write(fd, "abc", 3));
    show("lseek 0", lseek(fd, 0, SEEK_SET));
    show("append def", write(fd, "def", 3));
    show("offset after append", lseek(fd, 0, SEEK_CUR));
    int twin = dup(fd);
    show("lseek 1 on one", lseek(fd, 1, SEEK_SET));
    show("offset on the dup", lseek(twin, 0, SEEK_CUR));
    show("close dup", close(twin));
    show("close", close(fd));
    fd = open("d/log", O_RDONLY);
    memset(buf, 0, sizeof buf);
    show("read log", read(fd, buf, sizeof buf));
    printf("log: %s\n", buf);
    show("close", close(fd));

    /* Vectors. */
    fd = open("d/vec", O_CREAT | O_RDWR | O_TRUNC, 0600);
    struct iovec out[3] = {{"one ", 4}, {"", 0}, {"two", 3}};
    show("writev", writev(fd, out, 3));
    char a[3], b[10];
    struct iovec in[2] = {{a, 3}, {b, sizeof b}};
    show("lseek 0", lseek(fd, 0, SEEK_SET));
    show("readv", readv(fd, in, 2));
    printf("readv: %.3s|%.4s\n", a, b);
    show("writev bad base", writev(fd, (struct iovec[]){{bad, 4}}, 1));
    show("close", close(fd));

    /* Removal and renaming. */
    show("unlink a directory", unlink("d"));
    show("rmdir a file", rmdir("d/f"));
    show("rmdir non-empty", rmdir("d"));
    show("rename missing", rename("d/none", "d/other"));
    show("rename f to g", rename("d/f", "d/g"));
    show("stat old name", stat("d/f", &st));
    show("stat new name", stat("d/g", &st));
    printf("g size %lld regular %d\n", (long long)st.st_size, S_ISREG(st.st_mode));
    show("rename over existing", rename("d/g", "d/log"));
    show("unlink missing", unlink("d/g"));
    show("unlinkat bad flags", unlinkat(AT_FDCWD, "d/vec", 1));
    show("renameat2 NOREPLACE", renameat2(AT_FDCWD, "d/log", AT_FDCWD, "d/vec", RENAME_NOREPLACE));
    show("renameat2 bad flags", renameat2(AT_FDCWD, "d/log", AT_FDCWD, "d/vec", 64));
    show("renameat2 EXCHANGE", renameat2(AT_FDCWD, "d/log", AT_FDCWD, "d/vec", RENAME_EXCHANGE));
    fd = open("d/log", O_RDONLY);
    memset(buf, 0, sizeof buf);
    show("read exchanged log", read(fd, buf, sizeof buf));
    printf("log now: %s\n", buf);
    show("close", close(fd));
    show("rename dir", rename("d", "e"));
    show("stat through old dir", stat("d/log", &st));
    show("stat through new dir", stat("e/log", &st));
    show("rename back", rename("e", "d"));

    /* An open file outlives its name: fstat describes the open file after a rename and an unlink. */
    fd = open("d/kept", O_CREAT | O_RDWR | O_TRUNC, 0600);
    show("write 7", write(fd, "kept it", 7));
    struct stat before, after;
    show("fstat kept", fstat(fd, &before));
    show("rename kept to moved", rename("d/kept", "d/moved"));
    show("fstat after rename", fstat(fd, &after));
    printf("after rename: size %lld links %ld same inode %d\n", (long long)after.st_size, (long)after.st_nlink,
           after.st_ino == before.st_ino && after.st_dev == before.st_dev);
    show("create d/kept anew", close(open("d/kept", O_CREAT | O_WRONLY, 0600)));
    show("fstat with a new d/kept", fstat(fd, &after));
    printf("still the open one: size %lld same inode %d\n", (long long)after.st_size, after.st_ino == before.st_ino);
    show("unlink moved", unlink("d/moved"));
    show("fstat after unlink", fstat(fd, &after));
    printf("after unlink: size %lld links %ld regular %d same inode %d\n", (long long)after.st_size,
           (long)after.st_nlink, S_ISREG(after.st_mode), after.st_ino == before.st_ino);
    show("write 3 to unlinked", write(fd, "!!!", 3));
    int twin2 = dup(fd);
    show("close one of two", close(fd));
    show("fstat the dup", fstat(twin2, &after));
    printf("dup sees: size %lld links %ld\n", (long long)after.st_size, (long)after.st_nlink);
    memset(buf, 0, sizeof buf);
    show("pread unlinked", pread(twin2, buf, sizeof buf, 0));
    printf("unlinked holds: %s\n", buf);
    show("close the dup", close(twin2));
    show("unlink d/kept", unlink("d/kept"));

    /* Directories: read one, and read a directory descriptor as a file. */
    fd = open("d", O_RDONLY | O_DIRECTORY);
    show("read a directory", read(fd, buf, 4));
    show("getdents64 bad pointer", syscall(SYS_getdents64, fd, bad, 4096));
    show("close", close(fd));
    DIR *dir = opendir("d");
    char *names[16];
    int count = 0;
    struct dirent *e;
    while ((e = readdir(dir)) != NULL && count < 16)
        names[count++] = strdup(e->d_name);
    closedir(dir);
    qsort(names, count, sizeof *names, compare_names);
    for (int i = 0; i < count; i++) {
        struct stat s;
        char path[300];
        snprintf(path, sizeof path, "d/%s", names[i]);
        lstat(path, &s);
        printf("entry %s dir %d\n", names[i], S_ISDIR(s.st_mode));
    }

    /* A path longer than PATH_MAX, and one just under it. */
    char *longpath = malloc(5000);
    memset(longpath, 'a', 4999);
    longpath[4999] = 0;
    show("open of a 4999-byte path", open(longpath, O_RDONLY));
    strcpy(longpath + 4090, "/x");
    longpath[0] = 'd';
    longpath[1] = '/';
    show("open of a long component", open(longpath, O_RDONLY));

    /* Devices. */
    fd = open("/dev/zero", O_RDONLY);
    buf[0] = 1;
    show("read /dev/zero", read(fd, buf, 16));
    printf("zero byte %d\n", buf[0]);
    show("close", close(fd));
    fd = open("/dev/null", O_RDWR);
    show("write /dev/null", write(fd, "gone", 4));
    show("read /dev/null", read(fd, buf, 16));
    show("close", close(fd));
    return 0;
}
