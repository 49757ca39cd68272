/* Segmented sieve of Eratosthenes over odd numbers (one byte per odd number, 32 KiB segments) up
 * to a limit; sampled numbers are re-checked by trial division. Size: the limit. */
#include "kernel.h"

#define SEGMENT 32768 /* odd numbers per segment */

static int is_prime_slow(uint64_t v)
{
    if (v < 2) return 0;
    if (v % 2 == 0) return v == 2;
    for (uint64_t d = 3; d * d <= v; d += 2)
        if (v % d == 0) return 0;
    return 1;
}

/* Odd primes up to bound by a plain sieve; returns how many were stored in out. */
static long small_primes(long bound, uint32_t *out)
{
    uint8_t *composite = calloc(bound + 1, 1);
    if (!composite)
        kernel_fail("out of memory");
    long n = 0;
    for (long p = 3; p <= bound; p += 2) {
        if (composite[p]) continue;
        out[n++] = (uint32_t)p;
        for (long q = p * p; q <= bound; q += 2 * p)
            composite[q] = 1;
    }
    free(composite);
    return n;
}

int main(int argc, char **argv)
{
    long limit = kernel_size(argc, argv, 2000000, 600000000);
    if (limit < 3 || limit > 4000000000L)
        kernel_fail("limit must be in [3, 4e9]");
    long root = 1;
    while ((root + 1) * (root + 1) <= limit)
        root++;
    uint32_t *base = malloc((root / 2 + 2) * sizeof *base);
    if (!base)
        kernel_fail("out of memory");
    long nbase = small_primes(root, base);

    /* next[k]: index (odd number 2*i+1 has index i) of the next odd multiple of base[k] to strike. */
    uint64_t *next = malloc((nbase + 1) * sizeof *next);
    for (long k = 0; k < nbase; k++)
        next[k] = ((uint64_t)base[k] * base[k]) / 2;

    static uint8_t composite[SEGMENT];
    long odds = (limit + 1) / 2;
    long count = 1; /* the prime 2 */
    uint64_t sum = 2, last = 2;
    rng_t rng = { 5 };
    for (long lo = 0; lo < odds; lo += SEGMENT) {
        long hi = lo + SEGMENT < odds ? lo + SEGMENT : odds;
        memset(composite, 0, SEGMENT);
        if (lo == 0)
            composite[0] = 1; /* 1 is not prime */
        for (long k = 0; k < nbase; k++) {
            uint64_t j = next[k], p = base[k];
            for (; j < (uint64_t)hi; j += p)
                composite[j - lo] = 1;
            next[k] = j;
        }
        for (long i = lo; i < hi; i++)
            if (!composite[i - lo]) {
                count++;
                sum += 2 * (uint64_t)i + 1;
                last = 2 * (uint64_t)i + 1;
            }
        /* Spot-check one number of this segment by trial division. */
        long i = lo + (long)rng_below(&rng, (uint64_t)(hi - lo));
        if ((composite[i - lo] == 0) != is_prime_slow(2 * (uint64_t)i + 1))
            kernel_fail("sieve disagrees with trial division");
    }
    /* Published value: there are 78498 primes below one million. */
    if (limit == 1000000 && count != 78498)
        kernel_fail("pi(10^6)");
    printf("sieve limit=%ld primes=%ld sum=%llu largest=%llu\n", limit, count, (unsigned long long)sum,
           (unsigned long long)last);
    free(base);
    free(next);
    return 0;
}
