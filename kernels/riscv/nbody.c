/* N-body: leapfrog integration of softened gravity among 32 bodies in double precision (sqrt,
 * division); energy is reported before and after. Size: number of time steps. */
#include <math.h>
#include "kernel.h"

#define BODIES 32

typedef struct {
    double x[BODIES], y[BODIES], z[BODIES];
    double vx[BODIES], vy[BODIES], vz[BODIES];
    double m[BODIES];
} system_t;

static const double SOFTENING2 = 1e-3;

static double energy(const system_t *s)
{
    double e = 0.0;
    for (int i = 0; i < BODIES; i++) {
        e += 0.5 * s->m[i] * (s->vx[i] * s->vx[i] + s->vy[i] * s->vy[i] + s->vz[i] * s->vz[i]);
        for (int j = i + 1; j < BODIES; j++) {
            double dx = s->x[i] - s->x[j], dy = s->y[i] - s->y[j], dz = s->z[i] - s->z[j];
            e -= s->m[i] * s->m[j] / sqrt(dx * dx + dy * dy + dz * dz + SOFTENING2);
        }
    }
    return e;
}

static void step(system_t *s, double dt)
{
    double ax[BODIES] = { 0 }, ay[BODIES] = { 0 }, az[BODIES] = { 0 };
    for (int i = 0; i < BODIES; i++)
        for (int j = i + 1; j < BODIES; j++) {
            double dx = s->x[j] - s->x[i], dy = s->y[j] - s->y[i], dz = s->z[j] - s->z[i];
            double d2 = dx * dx + dy * dy + dz * dz + SOFTENING2;
            double inv = 1.0 / (d2 * sqrt(d2));
            ax[i] += dx * s->m[j] * inv;
            ay[i] += dy * s->m[j] * inv;
            az[i] += dz * s->m[j] * inv;
            ax[j] -= dx * s->m[i] * inv;
            ay[j] -= dy * s->m[i] * inv;
            az[j] -= dz * s->m[i] * inv;
        }
    for (int i = 0; i < BODIES; i++) {
        s->vx[i] += dt * ax[i];
        s->vy[i] += dt * ay[i];
        s->vz[i] += dt * az[i];
        s->x[i] += dt * s->vx[i];
        s->y[i] += dt * s->vy[i];
        s->z[i] += dt * s->vz[i];
    }
}

int main(int argc, char **argv)
{
    long steps = kernel_size(argc, argv, 80, 15000);
    static system_t s;
    rng_t rng = { 99 };
    for (int i = 0; i < BODIES; i++) {
        s.x[i] = rng_unit(&rng) * 10.0 - 5.0;
        s.y[i] = rng_unit(&rng) * 10.0 - 5.0;
        s.z[i] = rng_unit(&rng) * 2.0 - 1.0;
        s.vx[i] = -s.y[i] * 0.05;
        s.vy[i] = s.x[i] * 0.05;
        s.vz[i] = 0.0;
        s.m[i] = 0.5 + rng_unit(&rng);
    }
    double e0 = energy(&s);
    for (long k = 0; k < steps; k++)
        step(&s, 1e-3);
    double e1 = energy(&s);
    if (!isfinite(e1))
        kernel_fail("energy diverged");
    printf("nbody steps=%ld e0=%a e1=%a x0=%a vz31=%a\n", steps, e0, e1, s.x[0], s.vz[BODIES - 1]);
    printf("nbody e0=%.12f e1=%.12f drift=%.3e\n", e0, e1, (e1 - e0) / e0);
    return 0;
}
