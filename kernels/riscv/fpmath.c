/* Floating-point semantics in float and double under all four rounding modes: arithmetic, fused
 * multiply-add, square root, min/max, comparisons, conversions between integer and floating types,
 * and the accrued exception flags, over special values (zeros, infinities, NaNs, subnormals) and
 * random bit patterns. Every result's bits go into a hash; samples are printed with %a, which is
 * exact. Size: number of operand pairs per rounding mode.
 * KERNEL_CFLAGS: -frounding-math
 */
#include <fenv.h>
#include <float.h>
#include <math.h>
#include "kernel.h"

#define VALUES 64

static double dvals[VALUES];
static float fvals[VALUES];

static uint64_t hash = 0xCBF29CE484222325ULL;

static void mix(uint64_t v)
{
    for (int k = 0; k < 8; k++) {
        hash ^= (v >> (8 * k)) & 0xFF;
        hash *= 0x100000001B3ULL;
    }
}

static void mix_double(double d)
{
    uint64_t b;
    memcpy(&b, &d, 8);
    mix(b);
}

static void mix_float(float f)
{
    uint32_t b;
    memcpy(&b, &f, 4);
    mix(b);
}

static void make_values(rng_t *rng)
{
    static const double special[] = {
        0.0, -0.0, 1.0, -1.0, 0.5, 3.0, 1.0 / 3.0, -2.5, 1e300, -1e-300,
        INFINITY, -INFINITY, NAN, DBL_MAX, DBL_MIN, DBL_TRUE_MIN, DBL_MIN / 3.0, 0x1p63, -0x1p63, 0x1p64,
        4294967295.5, 2147483647.5, -2147483648.5, 0x1.fffffffffffffp52, 0x1p-1074 * 7, 16777217.0,
    };
    int ns = (int)(sizeof special / sizeof special[0]);
    for (int i = 0; i < VALUES; i++) {
        if (i < ns) {
            dvals[i] = special[i];
        } else {
            /* Random sign and mantissa, exponent biased towards moderate magnitudes. */
            uint64_t bits = rng_next(rng);
            uint64_t exp = i % 4 == 0 ? rng_below(rng, 2048) : 1023 - 40 + rng_below(rng, 80);
            bits = (bits & 0x800FFFFFFFFFFFFFULL) | (exp << 52);
            memcpy(&dvals[i], &bits, 8);
        }
        fvals[i] = (float)dvals[i];
    }
    /* Float-only specials: subnormal, largest, and a value whose conversion from double rounds. */
    fvals[VALUES - 1] = FLT_TRUE_MIN;
    fvals[VALUES - 2] = FLT_MAX;
    fvals[VALUES - 3] = 0x1.000002p0f;
}

static void double_ops(double a, double b, double c)
{
    mix_double(a + b);
    mix_double(a - b);
    mix_double(a * b);
    mix_double(a / b);
    mix_double(fma(a, b, c));
    mix_double(fma(-a, b, c));
    mix_double(sqrt(fabs(a)));
    mix_double(fmin(a, b));
    mix_double(fmax(a, b));
    mix_double(copysign(a, b));
    mix((uint64_t)((a < b) | (a <= b) << 1 | (a == b) << 2 | isunordered(a, b) << 3));
    mix((uint64_t)fpclassify(a));
    mix_double(rint(a));
    mix_double(nearbyint(b));
    mix_double(floor(a) + ceil(b));
    mix_double(trunc(a) - round(b));
    mix_double((double)(float)a);
    mix((uint64_t)llrint(a));
    mix((uint64_t)lrint(b * 0x1p-32));
    if (fabs(a) < 0x1p63)
        mix((uint64_t)(int64_t)a);
    if (a >= 0 && a < 0x1p64)
        mix((uint64_t)a);
    if (fabs(b) < 0x1p31)
        mix((uint64_t)(int32_t)b);
    if (b >= 0 && b < 0x1p32)
        mix((uint64_t)(uint32_t)b);
}

static void float_ops(float a, float b, float c)
{
    mix_float(a + b);
    mix_float(a - b);
    mix_float(a * b);
    mix_float(a / b);
    mix_float(fmaf(a, b, c));
    mix_float(fmaf(a, -b, -c));
    mix_float(sqrtf(fabsf(a)));
    mix_float(fminf(a, b));
    mix_float(fmaxf(a, b));
    mix((uint64_t)((a < b) | (a <= b) << 1 | (a == b) << 2 | isunordered(a, b) << 3));
    mix_float(rintf(a));
    mix_double((double)a * (double)b);
    mix((uint64_t)llrintf(a));
    if (fabsf(a) < 0x1p31f)
        mix((uint64_t)(int32_t)a);
    if (b >= 0 && b < 0x1p64f)
        mix((uint64_t)b);
}

static void int_conversions(uint64_t bits)
{
    int64_t s = (int64_t)bits;
    mix_double((double)s);
    mix_double((double)bits);
    mix_float((float)s);
    mix_float((float)bits);
    mix_double((double)(int32_t)bits);
    mix_float((float)(uint32_t)bits);
}

int main(int argc, char **argv)
{
    long pairs = kernel_size(argc, argv, 600, 100000);
    rng_t rng = { 1 };
    make_values(&rng);
    static const int modes[] = { FE_TONEAREST, FE_DOWNWARD, FE_UPWARD, FE_TOWARDZERO };
    static const char *names[] = { "nearest", "downward", "upward", "towardzero" };
    static const int flags[] = { FE_INEXACT, FE_UNDERFLOW, FE_OVERFLOW, FE_DIVBYZERO, FE_INVALID };
    for (int m = 0; m < 4; m++) {
        if (fesetround(modes[m]) != 0 || fegetround() != modes[m])
            kernel_fail("fesetround");
        hash = 0xCBF29CE484222325ULL;
        int seen = 0;
        for (long p = 0; p < pairs; p++) {
            int i = (int)rng_below(&rng, VALUES), j = (int)rng_below(&rng, VALUES), k = (int)rng_below(&rng, VALUES);
            feclearexcept(FE_ALL_EXCEPT);
            double_ops(dvals[i], dvals[j], dvals[k]);
            float_ops(fvals[i], fvals[j], fvals[k]);
            int_conversions(rng_next(&rng));
            int raised = fetestexcept(FE_ALL_EXCEPT);
            mix((uint64_t)raised);
            seen |= raised;
        }
        printf("fpmath %-10s hash=%016llx flags=", names[m], (unsigned long long)hash);
        for (int f = 0; f < 5; f++)
            putchar(seen & flags[f] ? "xuozi"[f] : '-');
        /* Rounding-sensitive samples, printed exactly and as decimals (which follow the mode). */
        volatile double third = 1.0, tenth = 1.0;
        third /= 3.0;
        tenth /= 10.0;
        volatile float ftenth = 1.0f;
        ftenth /= 10.0f;
        printf(" third=%a tenth=%a ftenth=%a sum=%a dec=%.20g\n", third, tenth, (double)ftenth,
               fma(third, 3.0, -1.0), tenth);
    }
    fesetround(FE_TONEAREST);
    return 0;
}
