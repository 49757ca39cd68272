/* Transfers whose buffer has no page the program may access (PROT_NONE, read-only for a read, unmapped,
 * null): a read with nothing to move returns 0 without touching the buffer; one with bytes to move fails
 * with EFAULT, consuming nothing and leaving the file offset; a write of at least one byte fails with
 * EFAULT. The expected output is this program's own, built for the host and run on the host kernel:
 * qemu-riscv64 checks guest buffers itself before its host call and answers EFAULT even at end of file. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>
#include "show.h"

int main(void)
{
    char buf[64];
    char *volatile null = NULL; /* volatile: the compiler's own warning about reading into NULL */
    char *none = mmap(NULL, 8192, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    char *readonly = none + 4096;
    show("mprotect read-only page", mprotect(readonly, 4096, PROT_READ));
    char *gone = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    show("munmap a page", munmap(gone, 4096));

    /* A regular file at and before its end. */
    int fd = open("ten", O_CREAT | O_RDWR | O_TRUNC, 0600);
    show("write 10", write(fd, "abcdefghij", 10));
    show("read PROT_NONE at end", read(fd, none, 16));
    show("read read-only at end", read(fd, readonly, 16));
    show("read unmapped at end", read(fd, gone, 16));
    show("read NULL at end", read(fd, null, 16));
    show("pread PROT_NONE at end", pread(fd, none, 16, 10));
    show("pread unmapped past end", pread(fd, gone, 16, 4000));
    show("pread PROT_NONE at 5", pread(fd, none, 16, 5));
    show("pread negative offset", pread(fd, none, 16, -1));
    show("readv unmapped at end", readv(fd, (struct iovec[]){{gone, 16}}, 1));
    show("lseek 4", lseek(fd, 4, SEEK_SET));
    show("read PROT_NONE at 4", read(fd, none, 16));
    show("read read-only at 4", read(fd, readonly, 16));
    show("read unmapped at 4", read(fd, gone, 16));
    show("readv unmapped at 4", readv(fd, (struct iovec[]){{gone, 16}}, 1));
    show("offset still 4", lseek(fd, 0, SEEK_CUR));
    memset(buf, 0, sizeof buf);
    show("read 3 at 4", read(fd, buf, 3));
    printf("bytes at 4: %s\n", buf);
    show("read PROT_NONE count 0", read(fd, none, 0));
    show("write PROT_NONE", write(fd, none, 4));
    show("write unmapped", write(fd, gone, 4));
    show("pwrite PROT_NONE", pwrite(fd, none, 4, 0));
    show("write PROT_NONE count 0", write(fd, none, 0));
    show("offset now 7", lseek(fd, 0, SEEK_CUR));
    struct stat st;
    show("fstat ten", fstat(fd, &st));
    printf("ten: size %lld\n", (long long)st.st_size);
    show("close", close(fd));
    fd = open("ten", O_WRONLY);
    show("read write-only PROT_NONE", read(fd, none, 16));
    show("close", close(fd));
    show("unlink ten", unlink("ten"));

    /* A pipe: bytes waiting fault and stay; once drained with no writer left, 0. */
    int ends[2];
    show("pipe", pipe(ends));
    show("write 5 to pipe", write(ends[1], "piped", 5));
    show("read pipe into PROT_NONE", read(ends[0], none, 16));
    show("close write end", close(ends[1]));
    memset(buf, 0, sizeof buf);
    show("read pipe", read(ends[0], buf, sizeof buf));
    printf("pipe kept: %s\n", buf);
    show("read drained pipe PROT_NONE", read(ends[0], none, 16));
    show("close read end", close(ends[0]));

    /* Devices and directories. */
    fd = open("/dev/null", O_RDONLY);
    show("read /dev/null PROT_NONE", read(fd, none, 16));
    show("close", close(fd));
    fd = open("/dev/zero", O_RDONLY);
    show("read /dev/zero PROT_NONE", read(fd, none, 16));
    show("close", close(fd));
    show("mkdir d", mkdir("d", 0755));
    fd = open("d", O_RDONLY | O_DIRECTORY);
    show("read directory PROT_NONE", read(fd, none, 16));
    show("close", close(fd));
    return 0;
}
