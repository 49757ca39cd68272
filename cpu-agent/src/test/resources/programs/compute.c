/* Loops hot enough for the translator's hot tier: integer, floating point, calls through pointers. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmp(const void *a, const void *b) { long x = *(const long *)a, y = *(const long *)b; return (x > y) - (x < y); }

int main(void) {
    unsigned long h = 1469598103934665603UL;
    for (int i = 0; i < 2000000; i++) h = (h ^ (i & 0xff)) * 1099511628211UL;
    double s = 0;
    for (int i = 1; i < 200000; i++) s += sqrt((double) i) / (i + 0.5) - sin(i * 0.001);
    float f = 1;
    for (int i = 0; i < 100000; i++) f = f * 1.0001f + 0.25f / (i + 1);
    long *a = malloc(200000 * sizeof *a);
    for (int i = 0; i < 200000; i++) a[i] = (long) (h = h * 6364136223846793005UL + 1442695040888963407UL) >> 20;
    qsort(a, 200000, sizeof *a, cmp);
    long check = 0;
    for (int i = 0; i < 200000; i += 1000) check ^= a[i];
    char text[4096];
    for (int i = 0; i < 4095; i++) text[i] = 'a' + (i * 7) % 26;
    text[4095] = 0;
    int found = 0;
    for (int r = 0; r < 200; r++) found += strstr(text, "xyz") != NULL;
    printf("hash %016lx sum %.9e float %a sorted %ld %ld check %ld found %d\n", h, s, f, a[0], a[199999], check, found);
    return 0;
}
