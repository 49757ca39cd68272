package org.hsaj.kernels.mandelbrot;

import org.hsaj.gpu.code.KernelSymbol;
import org.hsaj.kernels.Compare;
import org.hsaj.kernels.Grid;
import org.hsaj.kernels.Sample;
import org.hsaj.kernels.SampleHost;
import org.hsaj.kernels.SampleResult;
import org.hsaj.runtime.api.HsaRuntime;

/**
 * Iteration counts of the Mandelbrot set over an image on a 2D grid: divergent loops (neighbouring
 * work-items run very different iteration counts). The f32 arithmetic is the same as the Java
 * reference's, so every count must match.
 */
public final class Mandelbrot implements Sample {
    static final int WIDTH = 160;
    static final int HEIGHT = 120;
    static final int MAX_ITERATIONS = 64;
    static final float X0 = -2.2f;
    static final float Y0 = -1.2f;
    static final float STEP = 2.4f / HEIGHT;

    @Override
    public String name() {
        return "mandelbrot";
    }

    @Override
    public String description() {
        return WIDTH + "x" + HEIGHT + " iteration counts: 2D grid, divergent loops";
    }

    static int[] reference() {
        int[] counts = new int[WIDTH * HEIGHT];
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                float cr = X0 + x * STEP;
                float ci = Y0 + y * STEP;
                float zr = 0;
                float zi = 0;
                int i = 0;
                while (i < MAX_ITERATIONS) {
                    float zr2 = zr * zr;
                    float zi2 = zi * zi;
                    if (zr2 + zi2 > 4.0f) {
                        break;
                    }
                    float t = zr * zi;
                    zi = t + t + ci;
                    zr = zr2 - zi2 + cr;
                    i++;
                }
                counts[y * WIDTH + x] = i;
            }
        }
        return counts;
    }

    @Override
    public SampleResult run(HsaRuntime runtime, String backend) {
        try (SampleHost host = SampleHost.open(runtime, backend, "mandelbrot/mandelbrot.hsail")) {
            KernelSymbol kernel = host.kernel("&mandelbrot");
            long out = host.allocate(4L * WIDTH * HEIGHT);
            host.dispatch(kernel, host.kernarg(kernel).putLong("%out", out).putInt("%width", WIDTH)
                    .putInt("%height", HEIGHT).putInt("%max_iterations", MAX_ITERATIONS).putFloat("%x0", X0)
                    .putFloat("%y0", Y0).putFloat("%step", STEP), Grid.planar(WIDTH, HEIGHT, 16, 8));
            return SampleResult.checked(Compare.ints("counts", host.readInts(out, WIDTH * HEIGHT), reference()),
                    WIDTH * HEIGHT + " pixels exact", host.readBytes(out, 4L * WIDTH * HEIGHT));
        }
    }
}
