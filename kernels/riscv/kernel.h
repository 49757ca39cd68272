/*
 * Shared by every guest kernel: the size argument and a deterministic generator.
 *
 * Each kernel is run as `NAME [test|bench|N]`: no argument or `test` picks a size that finishes in
 * well under half a second under an emulator, `bench` a size for the benchmark (one to two seconds
 * under qemu-riscv64), and a decimal N sets the size directly.
 */
#ifndef HSAJ_KERNEL_H
#define HSAJ_KERNEL_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Reads argv[1] as described above; a malformed argument is reported and ends the program with 2. */
static long kernel_size(int argc, char **argv, long test_size, long bench_size)
{
    if (argc < 2 || strcmp(argv[1], "test") == 0)
        return test_size;
    if (strcmp(argv[1], "bench") == 0)
        return bench_size;
    char *end;
    long n = strtol(argv[1], &end, 10);
    if (*argv[1] == '\0' || *end != '\0' || n <= 0) {
        fprintf(stderr, "%s: size must be test, bench or a positive integer, got '%s'\n", argv[0], argv[1]);
        exit(2);
    }
    return n;
}

/* splitmix64: every kernel draws its data from this so runs are reproducible everywhere. */
typedef struct { uint64_t state; } rng_t;

static inline uint64_t rng_next(rng_t *r)
{
    uint64_t z = (r->state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

/* A value in [0, bound) (bound > 0); the slight modulo bias does not matter here. */
static inline uint64_t rng_below(rng_t *r, uint64_t bound)
{
    return rng_next(r) % bound;
}

/* A double in [0, 1) with 53 random bits. */
static inline double rng_unit(rng_t *r)
{
    return (double)(rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

/* Reports a failed self-check and ends the program with status 1. */
static void kernel_fail(const char *what)
{
    printf("FAILED: %s\n", what);
    fflush(stdout);
    exit(1);
}

#endif
