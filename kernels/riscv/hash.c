/* Integer hashing: FNV-1a (64-bit), CRC-32 (table driven) and a multiply-rotate word hash over
 * generated data. Size: number of bytes hashed. */
#include "kernel.h"

#define BLOCK (64 * 1024)

static uint32_t crc_table[256];

static void crc32_init(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++)
            c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        crc_table[i] = c;
    }
}

/* Continues a CRC-32 over more bytes; start and finish with crc = 0. */
static uint32_t crc32_update(uint32_t crc, const uint8_t *p, size_t n)
{
    crc = ~crc;
    for (size_t i = 0; i < n; i++)
        crc = crc_table[(crc ^ p[i]) & 0xFF] ^ (crc >> 8);
    return ~crc;
}

static uint64_t fnv1a_update(uint64_t h, const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 0x100000001B3ULL;
    }
    return h;
}

static inline uint64_t rotl64(uint64_t x, int r)
{
    return (x << r) | (x >> (64 - r));
}

/* Four independent lanes of multiply-rotate rounds over 64-bit words, folded at the end. */
static void wordhash_update(uint64_t lane[4], const uint8_t *p, size_t n)
{
    for (size_t i = 0; i + 32 <= n; i += 32) {
        for (int k = 0; k < 4; k++) {
            uint64_t w;
            memcpy(&w, p + i + 8 * k, 8);
            lane[k] = rotl64(lane[k] + w * 0xC2B2AE3D27D4EB4FULL, 31) * 0x9E3779B185EBCA87ULL;
        }
    }
}

static uint64_t wordhash_finish(const uint64_t lane[4])
{
    uint64_t h = rotl64(lane[0], 1) + rotl64(lane[1], 7) + rotl64(lane[2], 12) + rotl64(lane[3], 18);
    h ^= h >> 33;
    h *= 0xFF51AFD7ED558CCDULL;
    h ^= h >> 29;
    return h;
}

int main(int argc, char **argv)
{
    long total = kernel_size(argc, argv, 1L << 20, 256L << 20);
    crc32_init();
    /* Published check value of CRC-32 (IEEE) for the nine ASCII digits. */
    if (crc32_update(0, (const uint8_t *)"123456789", 9) != 0xCBF43926u)
        kernel_fail("crc32 check value of \"123456789\"");
    if (fnv1a_update(0xCBF29CE484222325ULL, (const uint8_t *)"a", 1) != 0xAF63DC4C8601EC8CULL)
        kernel_fail("fnv1a64 of \"a\"");

    static uint8_t block[BLOCK];
    rng_t rng = { 12345 };
    uint64_t fnv = 0xCBF29CE484222325ULL;
    uint32_t crc = 0;
    uint64_t lane[4] = { 1, 2, 3, 4 };
    for (long done = 0; done < total; done += BLOCK) {
        for (int i = 0; i < BLOCK; i += 8) {
            uint64_t v = rng_next(&rng);
            memcpy(block + i, &v, 8);
        }
        size_t n = total - done < BLOCK ? (size_t)(total - done) : BLOCK;
        fnv = fnv1a_update(fnv, block, n);
        crc = crc32_update(crc, block, n);
        wordhash_update(lane, block, n);
    }
    printf("hash bytes=%ld fnv1a64=%016llx crc32=%08x word=%016llx\n", total,
           (unsigned long long)fnv, crc, (unsigned long long)wordhash_finish(lane));
    return 0;
}
