/* Exercises the system calls of stdio, files, directories, time, memory and randomness; prints what
 * it sees in a form that is the same on every run and machine. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int main(int argc, char **argv) {
    printf("argc=%d argv1=%s env=%s\n", argc, argc > 1 ? argv[1] : "-", getenv("HSAJ_TEST") ? getenv("HSAJ_TEST") : "-");
    mkdir("dir", 0755);
    int fd = open("dir/a.txt", O_CREAT | O_WRONLY | O_TRUNC, 0644);
    dprintf(fd, "line one\nline two\n");
    close(fd);
    fd = open("dir/a.txt", O_RDONLY);
    char buf[64] = {0};
    ssize_t n = read(fd, buf, sizeof buf - 1);
    struct stat st;
    fstat(fd, &st);
    printf("read %zd bytes, size %lld, regular %d: %s", n, (long long) st.st_size, S_ISREG(st.st_mode), buf);
    lseek(fd, 5, SEEK_SET);
    n = read(fd, buf, 3);
    buf[n] = 0;
    printf("after seek: %s\n", buf);
    n = pread(fd, buf, 4, 9);
    buf[n] = 0;
    printf("pread: %s\n", buf);
    close(fd);
    rename("dir/a.txt", "dir/b.txt");
    fd = open("dir/c.txt", O_CREAT | O_WRONLY, 0600);
    close(fd);
    DIR *d = opendir("dir");
    char *names[16];
    int count = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL && count < 16) names[count++] = strdup(e->d_name);
    closedir(d);
    qsort(names, count, sizeof *names, cmp);
    for (int i = 0; i < count; i++) printf("entry %s\n", names[i]);
    printf("missing: %d\n", open("dir/none", O_RDONLY) < 0 && errno == ENOENT);
    printf("unlink: %d %d\n", unlink("dir/b.txt"), unlink("dir/c.txt"));
    printf("rmdir: %d\n", rmdir("dir"));
    char cwd[256];
    printf("cwd ok: %d\n", getcwd(cwd, sizeof cwd) != NULL);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    struct timespec pause = {0, 2000000};
    nanosleep(&pause, NULL);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    long elapsed = (t1.tv_sec - t0.tv_sec) * 1000000000L + (t1.tv_nsec - t0.tv_nsec);
    printf("slept at least 2ms: %d\n", elapsed >= 2000000);
    printf("realtime after 2020: %d\n", time(NULL) > 1577836800);
    unsigned char random[32];
    printf("getrandom: %zd\n", getrandom(random, sizeof random, 0));
    char *big = mmap(NULL, 1 << 22, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    memset(big, 7, 1 << 22);
    long sum = 0;
    for (int i = 0; i < 1 << 22; i += 4096) sum += big[i];
    printf("mmap sum: %ld, munmap: %d\n", sum, munmap(big, 1 << 22));
    char *heap = malloc(100000);
    memset(heap, 1, 100000);
    heap = realloc(heap, 3000000);
    printf("heap grows: %d\n", heap[99999]);
    free(heap);
    int p[2];
    pipe(p);
    write(p[1], "through a pipe\n", 15);
    n = read(p[0], buf, 15);
    fwrite(buf, 1, n, stdout);
    char line[128];
    while (fgets(line, sizeof line, stdin)) printf("stdin: %s", line);
    fflush(stdout);
    fprintf(stderr, "to stderr\n");
    return 5;
}
