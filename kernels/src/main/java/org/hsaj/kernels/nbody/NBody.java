package org.hsaj.kernels.nbody;

import org.hsaj.gpu.code.KernelSymbol;
import org.hsaj.kernels.Compare;
import org.hsaj.kernels.Grid;
import org.hsaj.kernels.RandomData;
import org.hsaj.kernels.Sample;
import org.hsaj.kernels.SampleHost;
import org.hsaj.kernels.SampleResult;
import org.hsaj.runtime.api.HsaRuntime;
import org.hsaj.runtime.signal.Signal;

/**
 * All-pairs gravitational n-body simulation: a few time steps, each one dispatch that reads one pair of
 * position/velocity buffers and writes the other (ping-pong), ordered by the barrier bit. The kernel and
 * the Java reference do the same f32 operations (sqrt and div correctly rounded) in the same order, so
 * the final state is compared bit for bit.
 */
public final class NBody implements Sample {
    static final int BODIES = 512;
    static final int STEPS = 3;
    static final float DT = 0.01f;
    static final float SOFTENING = 0.01f;

    @Override
    public String name() {
        return "nbody";
    }

    @Override
    public String description() {
        return BODIES + " bodies, " + STEPS + " steps: f32 sqrt/div, ping-pong buffers";
    }

    /** The Java reference of one step: the kernel's operations in the kernel's order. */
    static void step(float[] pos, float[] vel, float[] newPos, float[] newVel) {
        int n = pos.length / 4;
        for (int i = 0; i < n; i++) {
            float xi = pos[4 * i];
            float yi = pos[4 * i + 1];
            float zi = pos[4 * i + 2];
            float ax = 0;
            float ay = 0;
            float az = 0;
            for (int j = 0; j < n; j++) {
                float dx = pos[4 * j] - xi;
                float dy = pos[4 * j + 1] - yi;
                float dz = pos[4 * j + 2] - zi;
                float d2 = dx * dx + dy * dy + dz * dz + SOFTENING;
                float inv = 1.0f / (float) Math.sqrt(d2);
                float s = pos[4 * j + 3] * (inv * inv * inv);
                ax += dx * s;
                ay += dy * s;
                az += dz * s;
            }
            float[] a = {ax, ay, az};
            for (int c = 0; c < 3; c++) {
                float v = vel[4 * i + c] + a[c] * DT;
                newVel[4 * i + c] = v;
                newPos[4 * i + c] = pos[4 * i + c] + v * DT;
            }
            newVel[4 * i + 3] = 0;
            newPos[4 * i + 3] = pos[4 * i + 3];
        }
    }

    @Override
    public SampleResult run(HsaRuntime runtime, String backend) {
        float[] pos = RandomData.floats(60, 4 * BODIES, -1, 1);
        float[] vel = RandomData.floats(61, 4 * BODIES, -0.1, 0.1);
        for (int i = 0; i < BODIES; i++) {
            pos[4 * i + 3] = Math.abs(pos[4 * i + 3]) + 0.1f;   // positive masses
            vel[4 * i + 3] = 0;
        }
        float[][] expected = {pos.clone(), vel.clone(), new float[4 * BODIES], new float[4 * BODIES]};
        for (int s = 0; s < STEPS; s++) {
            step(expected[0], expected[1], expected[2], expected[3]);
            expected = new float[][] {expected[2], expected[3], expected[0], expected[1]};
        }
        try (SampleHost host = SampleHost.open(runtime, backend, "nbody/nbody.hsail")) {
            KernelSymbol kernel = host.kernel("&nbody_step");
            long[] positions = {host.upload(pos), host.allocate(16L * BODIES)};
            long[] velocities = {host.upload(vel), host.allocate(16L * BODIES)};
            Signal done = host.signal(1);
            for (int s = 0; s < STEPS; s++) {
                int from = s % 2;
                host.submit(kernel, host.kernarg(kernel).putLong("%pos", positions[from])
                        .putLong("%vel", velocities[from]).putLong("%new_pos", positions[1 - from])
                        .putLong("%new_vel", velocities[1 - from]).putInt("%n", BODIES).putFloat("%dt", DT)
                        .putFloat("%softening", SOFTENING), Grid.linear(BODIES, 64), true,
                        s == STEPS - 1 ? done : null);
            }
            host.await(done);
            int last = STEPS % 2;
            return SampleResult.checked(Compare.all(
                    Compare.floats("pos", host.readFloats(positions[last], 4 * BODIES), expected[0]),
                    Compare.floats("vel", host.readFloats(velocities[last], 4 * BODIES), expected[1])),
                    BODIES + " bodies after " + STEPS + " steps bit-exact",
                    host.readBytes(new long[] {positions[last], velocities[last]},
                            new long[] {16L * BODIES, 16L * BODIES}));
        }
    }
}
