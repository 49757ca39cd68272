package org.hsaj.kernels.blackscholes;

import org.hsaj.gpu.code.KernelSymbol;
import org.hsaj.kernels.Compare;
import org.hsaj.kernels.Grid;
import org.hsaj.kernels.RandomData;
import org.hsaj.kernels.Sample;
import org.hsaj.kernels.SampleHost;
import org.hsaj.kernels.SampleResult;
import org.hsaj.runtime.api.HsaRuntime;

/**
 * Black-Scholes prices of European options in f32 with the native exp2/log2 approximations and a
 * private array, checked against the formula evaluated in double precision with {@link Math#exp} and
 * {@link Math#log}, within a tolerance.
 */
public final class BlackScholes implements Sample {
    static final int N = 20_000;
    static final float RATE = 0.02f;
    static final float VOLATILITY = 0.30f;
    /** Prices agree within this many currency units plus {@link #RELATIVE} of the price. */
    static final double ABSOLUTE = 1e-3;
    static final double RELATIVE = 1e-4;

    @Override
    public String name() {
        return "black_scholes";
    }

    @Override
    public String description() {
        return N + " options: nexp2/nlog2/sqrt, a private array, tolerance check";
    }

    /** The standard normal distribution function by the same polynomial approximation, in double. */
    static double cnd(double d) {
        double k = 1 / (1 + 0.2316419 * Math.abs(d));
        double poly = k * (0.31938153 + k * (-0.356563782 + k * (1.781477937 + k * (-1.821255978 + k * 1.330274429))));
        double w = 1 - Math.exp(-d * d / 2) / Math.sqrt(2 * Math.PI) * poly;
        return d < 0 ? 1 - w : w;
    }

    @Override
    public SampleResult run(HsaRuntime runtime, String backend) {
        float[] price = RandomData.floats(70, N, 5, 30);
        float[] strike = RandomData.floats(71, N, 1, 100);
        float[] years = RandomData.floats(72, N, 0.25, 10);
        float[] call = new float[N];
        float[] put = new float[N];
        for (int i = 0; i < N; i++) {
            double sqrtT = Math.sqrt(years[i]);
            double d1 = (Math.log(price[i] / (double) strike[i]) + (RATE + VOLATILITY * (double) VOLATILITY / 2)
                    * years[i]) / (VOLATILITY * sqrtT);
            double d2 = d1 - VOLATILITY * sqrtT;
            double discounted = strike[i] * Math.exp(-RATE * (double) years[i]);
            call[i] = (float) (price[i] * cnd(d1) - discounted * cnd(d2));
            put[i] = (float) (discounted * (1 - cnd(d2)) - price[i] * (1 - cnd(d1)));
        }
        try (SampleHost host = SampleHost.open(runtime, backend, "black_scholes/black_scholes.hsail")) {
            KernelSymbol kernel = host.kernel("&black_scholes");
            long callBuffer = host.allocate(4L * N);
            long putBuffer = host.allocate(4L * N);
            host.dispatch(kernel, host.kernarg(kernel).putLong("%price", host.upload(price))
                    .putLong("%strike", host.upload(strike)).putLong("%years", host.upload(years))
                    .putLong("%call", callBuffer).putLong("%put", putBuffer).putFloat("%rate", RATE)
                    .putFloat("%volatility", VOLATILITY).putInt("%n", N), Grid.linear(N, 256));
            return SampleResult.checked(Compare.all(
                    Compare.floats("call", host.readFloats(callBuffer, N), call, ABSOLUTE, RELATIVE),
                    Compare.floats("put", host.readFloats(putBuffer, N), put, ABSOLUTE, RELATIVE)),
                    N + " calls and puts within " + ABSOLUTE + " + " + RELATIVE + "x of double precision",
                    host.readBytes(new long[] {callBuffer, putBuffer}, new long[] {4L * N, 4L * N}));
        }
    }
}
