/* Dense double-precision matrix multiply C = A * B (n x n, i-k-j loop order), checked against a
 * row computed with the plain dot-product order. Size: n. */
#include "kernel.h"

int main(int argc, char **argv)
{
    long n = kernel_size(argc, argv, 64, 448);
    double *a = malloc(n * n * sizeof *a);
    double *b = malloc(n * n * sizeof *b);
    double *c = calloc(n * n, sizeof *c);
    if (!a || !b || !c)
        kernel_fail("out of memory");
    rng_t rng = { 7 };
    for (long i = 0; i < n * n; i++) {
        a[i] = rng_unit(&rng) * 2.0 - 1.0;
        b[i] = rng_unit(&rng) * 2.0 - 1.0;
    }
    for (long i = 0; i < n; i++)
        for (long k = 0; k < n; k++) {
            double aik = a[i * n + k];
            for (long j = 0; j < n; j++)
                c[i * n + j] += aik * b[k * n + j];
        }

    /* The last row again as dot products: the summation order is the same, only the loops differ,
     * so up to contraction into fused multiply-add the results agree closely. */
    long r = n - 1;
    for (long j = 0; j < n; j++) {
        double s = 0.0;
        for (long k = 0; k < n; k++)
            s += a[r * n + k] * b[k * n + j];
        double d = s - c[r * n + j];
        if (d > 1e-9 || d < -1e-9)
            kernel_fail("row check");
    }
    double sum = 0.0, trace = 0.0;
    for (long i = 0; i < n * n; i++)
        sum += c[i];
    for (long i = 0; i < n; i++)
        trace += c[i * n + i];
    printf("matmul n=%ld sum=%a trace=%a c[0]=%a c[last]=%a\n", n, sum, trace, c[0], c[n * n - 1]);
    printf("matmul sum=%.12f trace=%.12f\n", sum, trace);
    free(a);
    free(b);
    free(c);
    return 0;
}
