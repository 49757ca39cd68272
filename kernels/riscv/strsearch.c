/* String search: occurrences of many patterns in generated text, counted by a naive scan and by
 * Boyer-Moore-Horspool; both counts must agree. Size: text length in bytes. */
#include "kernel.h"

#define PATTERNS 24

static long count_naive(const char *text, long n, const char *pat, long m)
{
    long hits = 0;
    for (long i = 0; i + m <= n; i++) {
        long k = 0;
        while (k < m && text[i + k] == pat[k])
            k++;
        hits += k == m;
    }
    return hits;
}

static long count_horspool(const char *text, long n, const char *pat, long m)
{
    long shift[256];
    for (int c = 0; c < 256; c++)
        shift[c] = m;
    for (long k = 0; k + 1 < m; k++)
        shift[(unsigned char)pat[k]] = m - 1 - k;
    long hits = 0;
    for (long i = 0; i + m <= n;) {
        long k = m - 1;
        while (k >= 0 && text[i + k] == pat[k])
            k--;
        hits += k < 0;
        i += shift[(unsigned char)text[i + m - 1]];
    }
    return hits;
}

int main(int argc, char **argv)
{
    long n = kernel_size(argc, argv, 40000, 10000000);
    char *text = malloc(n + 1);
    if (!text)
        kernel_fail("out of memory");
    rng_t rng = { 31337 };
    /* A small alphabet with a skewed distribution makes partial matches common. */
    static const char alphabet[] = "aaaabbbccdefgh ";
    for (long i = 0; i < n; i++)
        text[i] = alphabet[rng_below(&rng, sizeof alphabet - 1)];
    text[n] = '\0';

    long total = 0;
    uint64_t check = 0;
    for (int p = 0; p < PATTERNS; p++) {
        char pat[40];
        long m = 1 + (long)rng_below(&rng, 24);
        if (p % 3 == 2) {
            for (long k = 0; k < m; k++)
                pat[k] = alphabet[rng_below(&rng, sizeof alphabet - 1)];
        } else {
            memcpy(pat, text + rng_below(&rng, (uint64_t)(n - m)), m);
        }
        pat[m] = '\0';
        long a = count_naive(text, n, pat, m);
        long b = count_horspool(text, n, pat, m);
        if (a != b) {
            printf("pattern '%s': naive %ld, horspool %ld\n", pat, a, b);
            kernel_fail("search counts disagree");
        }
        total += a;
        check = check * 1000003 + (uint64_t)a;
        printf("pattern %2d len=%2ld hits=%ld\n", p, m, a);
    }
    printf("strsearch n=%ld total=%ld check=%016llx\n", n, total, (unsigned long long)check);
    free(text);
    return 0;
}
