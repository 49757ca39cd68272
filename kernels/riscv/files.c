/* System calls: argv and the environment, files written under the current directory and read back
 * (open, write, lseek, pread, fstat, rename, unlink, stdio), a directory listed (sorted, since the
 * order of readdir is unspecified) and standard input read to its end. Only relative paths are used
 * and nothing host-specific (pid, time, absolute cwd) is printed. Size: number of files.
 * Exit status: the number of standard input lines modulo 64, so launchers are checked to pass the
 * guest's status through. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "kernel.h"

#define DIR_NAME "files.d"

static void check(int ok, const char *what)
{
    if (!ok) {
        printf("%s failed: %s\n", what, strerror(errno));
        kernel_fail(what);
    }
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void fill(uint8_t *buf, size_t n, unsigned seed)
{
    rng_t rng = { seed };
    for (size_t i = 0; i < n; i++)
        buf[i] = (uint8_t)rng_next(&rng);
}

int main(int argc, char **argv)
{
    long files = kernel_size(argc, argv, 12, 10000);
    printf("argc=%d\n", argc);
    for (int i = 1; i < argc; i++)
        printf("argv[%d]=%s\n", i, argv[i]);
    const char *var = getenv("HSAJ_KERNEL_VAR");
    printf("HSAJ_KERNEL_VAR=%s\n", var ? var : "(unset)");
    printf("HOME is %s\n", getenv("HOME") ? "set" : "unset");

    struct timespec t0, t1;
    check(clock_gettime(CLOCK_MONOTONIC, &t0) == 0, "clock_gettime");

    /* Leftovers of an earlier run would change the listing. */
    if (access(DIR_NAME, F_OK) == 0) {
        DIR *old = opendir(DIR_NAME);
        check(old != NULL, "opendir (cleanup)");
        struct dirent *e;
        char path[300];
        while ((e = readdir(old)) != NULL)
            if (e->d_name[0] != '.') {
                snprintf(path, sizeof path, "%s/%s", DIR_NAME, e->d_name);
                unlink(path);
            }
        closedir(old);
        check(rmdir(DIR_NAME) == 0, "rmdir (cleanup)");
    }
    check(mkdir(DIR_NAME, 0755) == 0, "mkdir");

    uint8_t buf[8192], back[8192];
    uint64_t sum = 0;
    for (long f = 0; f < files; f++) {
        char path[64];
        snprintf(path, sizeof path, DIR_NAME "/f%04ld.bin", f);
        size_t len = 100 + (size_t)(f * 997) % (sizeof buf - 100);
        fill(buf, len, (unsigned)f);
        int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);
        check(fd >= 0, "open for writing");
        /* Two writes: the second half first at its offset, then the first half. */
        check(pwrite(fd, buf + len / 2, len - len / 2, (off_t)(len / 2)) == (ssize_t)(len - len / 2), "pwrite");
        check(lseek(fd, 0, SEEK_SET) == 0, "lseek");
        check(write(fd, buf, len / 2) == (ssize_t)(len / 2), "write");
        check(close(fd) == 0, "close");

        struct stat st;
        check(stat(path, &st) == 0 && S_ISREG(st.st_mode), "stat");
        check(st.st_size == (off_t)len, "stat size");
        fd = open(path, O_RDONLY);
        check(fd >= 0, "open for reading");
        check(read(fd, back, sizeof back) == (ssize_t)len, "read");
        check(read(fd, back, 1) == 0, "read at end of file");
        check(pread(fd, back + len, 10, (off_t)(len - 10)) == 10 && memcmp(back + len, buf + len - 10, 10) == 0,
              "pread");
        check(close(fd) == 0, "close");
        check(memcmp(buf, back, len) == 0, "read back contents");
        for (size_t i = 0; i < len; i++)
            sum = sum * 131 + back[i];
        if (f % 3 == 1)
            check(unlink(path) == 0, "unlink");
        else if (f % 3 == 2) {
            char renamed[64];
            snprintf(renamed, sizeof renamed, DIR_NAME "/r%04ld.bin", f);
            check(rename(path, renamed) == 0, "rename");
        }
    }
    errno = 0;
    check(open(DIR_NAME "/missing", O_RDONLY) < 0 && errno == ENOENT, "open of a missing file");

    /* Text through stdio: fprintf, then fgets. */
    FILE *out = fopen(DIR_NAME "/notes.txt", "w");
    check(out != NULL, "fopen");
    for (int i = 0; i < 5; i++)
        fprintf(out, "line %d of %ld\n", i, files);
    check(fclose(out) == 0, "fclose");
    FILE *in = fopen(DIR_NAME "/notes.txt", "r");
    check(in != NULL, "fopen for reading");
    char line[128];
    int lines = 0;
    while (fgets(line, sizeof line, in))
        lines++;
    fclose(in);
    printf("notes lines=%d last=%s", lines, line);

    DIR *dir = opendir(DIR_NAME);
    check(dir != NULL, "opendir");
    char **names = malloc((files + 8) * sizeof *names);
    long count = 0;
    struct dirent *e;
    while ((e = readdir(dir)) != NULL)
        if (e->d_name[0] != '.')
            names[count++] = strdup(e->d_name);
    closedir(dir);
    qsort(names, count, sizeof *names, compare_names);
    uint64_t name_hash = 0;
    for (long i = 0; i < count; i++) {
        if (i < 4 || i == count - 1)
            printf("entry %s\n", names[i]);
        for (const char *c = names[i]; *c; c++)
            name_hash = name_hash * 31 + (uint8_t)*c;
        free(names[i]);
    }
    free(names);
    printf("files=%ld entries=%ld names=%016llx contents=%016llx\n", files, count, (unsigned long long)name_hash,
           (unsigned long long)sum);

    /* Standard input to its end, in odd-sized reads. */
    long bytes = 0, stdin_lines = 0;
    uint64_t stdin_hash = 0xCBF29CE484222325ULL;
    ssize_t got;
    while ((got = read(0, buf, 777)) > 0)
        for (ssize_t i = 0; i < got; i++) {
            bytes++;
            stdin_lines += buf[i] == '\n';
            stdin_hash = (stdin_hash ^ buf[i]) * 0x100000001B3ULL;
        }
    check(got == 0, "read of stdin");
    printf("stdin bytes=%ld lines=%ld hash=%016llx\n", bytes, stdin_lines, (unsigned long long)stdin_hash);

    check(clock_gettime(CLOCK_MONOTONIC, &t1) == 0, "clock_gettime");
    check(t1.tv_sec > t0.tv_sec || (t1.tv_sec == t0.tv_sec && t1.tv_nsec >= t0.tv_nsec), "monotonic clock");
    fflush(stdout);
    return (int)(stdin_lines % 64);
}
