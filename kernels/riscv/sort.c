/* Sorting: quicksort and mergesort of the same pseudo-random 64-bit keys; both results are checked
 * sorted and equal. Size: number of keys. */
#include "kernel.h"

static void swap(int64_t *a, int64_t *b)
{
    int64_t t = *a;
    *a = *b;
    *b = t;
}

static void insertion_sort(int64_t *a, long n)
{
    for (long i = 1; i < n; i++) {
        int64_t v = a[i];
        long j = i - 1;
        while (j >= 0 && a[j] > v) {
            a[j + 1] = a[j];
            j--;
        }
        a[j + 1] = v;
    }
}

/* Median-of-three Hoare partitioning; recurses into the smaller side to bound the stack. */
static void quicksort(int64_t *a, long n)
{
    while (n > 16) {
        long mid = n / 2;
        if (a[mid] < a[0]) swap(&a[mid], &a[0]);
        if (a[n - 1] < a[0]) swap(&a[n - 1], &a[0]);
        if (a[n - 1] < a[mid]) swap(&a[n - 1], &a[mid]);
        int64_t pivot = a[mid];
        long i = -1, j = n;
        for (;;) {
            do i++; while (a[i] < pivot);
            do j--; while (a[j] > pivot);
            if (i >= j) break;
            swap(&a[i], &a[j]);
        }
        long left = j + 1;
        if (left < n - left) {
            quicksort(a, left);
            a += left;
            n -= left;
        } else {
            quicksort(a + left, n - left);
            n = left;
        }
    }
    insertion_sort(a, n);
}

/* Bottom-up mergesort ping-ponging between a and tmp; returns whichever holds the result. */
static int64_t *mergesort(int64_t *a, int64_t *tmp, long n)
{
    for (long width = 1; width < n; width *= 2) {
        for (long lo = 0; lo < n; lo += 2 * width) {
            long mid = lo + width < n ? lo + width : n;
            long hi = lo + 2 * width < n ? lo + 2 * width : n;
            long i = lo, j = mid, k = lo;
            while (i < mid && j < hi)
                tmp[k++] = a[j] < a[i] ? a[j++] : a[i++];
            while (i < mid) tmp[k++] = a[i++];
            while (j < hi) tmp[k++] = a[j++];
        }
        int64_t *t = a;
        a = tmp;
        tmp = t;
    }
    return a;
}

int main(int argc, char **argv)
{
    long n = kernel_size(argc, argv, 40000, 4000000);
    int64_t *data = malloc(n * sizeof *data);
    int64_t *q = malloc(n * sizeof *q);
    int64_t *m = malloc(n * sizeof *m);
    int64_t *tmp = malloc(n * sizeof *tmp);
    if (!data || !q || !m || !tmp)
        kernel_fail("out of memory");
    rng_t rng = { 42 };
    for (long i = 0; i < n; i++) {
        /* Narrow keys in every fourth slot force many duplicates. */
        int64_t v = (int64_t)rng_next(&rng);
        data[i] = (i & 3) == 0 ? v % 1000 : v;
    }
    memcpy(q, data, n * sizeof *q);
    memcpy(m, data, n * sizeof *m);
    quicksort(q, n);
    int64_t *merged = mergesort(m, tmp, n);

    uint64_t check = 0;
    for (long i = 0; i < n; i++) {
        if (i > 0 && q[i - 1] > q[i])
            kernel_fail("quicksort result not sorted");
        if (q[i] != merged[i])
            kernel_fail("quicksort and mergesort disagree");
        check = check * 31 + (uint64_t)q[i];
    }
    printf("sort n=%ld min=%lld median=%lld max=%lld check=%016llx\n", n, (long long)q[0],
           (long long)q[n / 2], (long long)q[n - 1], (unsigned long long)check);
    free(data);
    free(q);
    free(m);
    free(tmp);
    return 0;
}
