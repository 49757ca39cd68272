package org.hsaj.bench.kernels;

import static org.jocl.CL.CL_CONTEXT_PLATFORM;
import static org.jocl.CL.CL_DEVICE_NAME;
import static org.jocl.CL.CL_DEVICE_TYPE_ALL;
import static org.jocl.CL.CL_MEM_COPY_HOST_PTR;
import static org.jocl.CL.CL_MEM_READ_WRITE;
import static org.jocl.CL.clBuildProgram;
import static org.jocl.CL.clCreateBuffer;
import static org.jocl.CL.clCreateCommandQueueWithProperties;
import static org.jocl.CL.clCreateContext;
import static org.jocl.CL.clCreateKernel;
import static org.jocl.CL.clCreateProgramWithSource;
import static org.jocl.CL.clEnqueueNDRangeKernel;
import static org.jocl.CL.clEnqueueReadBuffer;
import static org.jocl.CL.clEnqueueWriteBuffer;
import static org.jocl.CL.clFinish;
import static org.jocl.CL.clGetDeviceIDs;
import static org.jocl.CL.clGetDeviceInfo;
import static org.jocl.CL.clGetPlatformIDs;
import static org.jocl.CL.clReleaseCommandQueue;
import static org.jocl.CL.clReleaseContext;
import static org.jocl.CL.clReleaseKernel;
import static org.jocl.CL.clReleaseMemObject;
import static org.jocl.CL.clReleaseProgram;
import static org.jocl.CL.clSetKernelArg;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jocl.CL;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_context_properties;
import org.jocl.cl_device_id;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;
import org.jocl.cl_platform_id;
import org.jocl.cl_program;
import org.jocl.cl_queue_properties;

/**
 * The OpenCL peer: the first device of the first OpenCL platform (PoCL on a CPU-only machine), one
 * in-order command queue, buffers made from Java arrays, kernels built from OpenCL C source. Timings
 * cover the kernels only (the data is on the device before, read back after).
 *
 * <p>Threading: one thread.
 */
final class OpenClPeer implements AutoCloseable {
    private final cl_context context;
    private final cl_command_queue queue;
    private final String device;
    private final List<cl_mem> buffers = new ArrayList<>();
    private final List<cl_program> programs = new ArrayList<>();
    private final List<cl_kernel> kernels = new ArrayList<>();

    private OpenClPeer(cl_context context, cl_command_queue queue, String device) {
        this.context = context;
        this.queue = queue;
        this.device = device;
    }

    /** The peer, or why there is none (no OpenCL library, no platform, no device). */
    static Object open() {
        try {
            CL.setExceptionsEnabled(true);
            int[] count = new int[1];
            clGetPlatformIDs(0, null, count);
            if (count[0] == 0) {
                return "no OpenCL platform";
            }
            cl_platform_id[] platforms = new cl_platform_id[count[0]];
            clGetPlatformIDs(count[0], platforms, null);
            clGetDeviceIDs(platforms[0], CL_DEVICE_TYPE_ALL, 0, null, count);
            cl_device_id[] devices = new cl_device_id[count[0]];
            clGetDeviceIDs(platforms[0], CL_DEVICE_TYPE_ALL, count[0], devices, null);
            cl_context_properties properties = new cl_context_properties();
            properties.addProperty(CL_CONTEXT_PLATFORM, platforms[0]);
            cl_context context = clCreateContext(properties, 1, new cl_device_id[] {devices[0]}, null, null, null);
            cl_command_queue queue = clCreateCommandQueueWithProperties(context, devices[0], new cl_queue_properties(),
                    null);
            long[] size = new long[1];
            clGetDeviceInfo(devices[0], CL_DEVICE_NAME, 0, null, size);
            byte[] name = new byte[(int) size[0]];
            clGetDeviceInfo(devices[0], CL_DEVICE_NAME, name.length, Pointer.to(name), null);
            return new OpenClPeer(context, queue, new String(name, 0, Math.max(0, name.length - 1),
                    StandardCharsets.UTF_8));
        } catch (LinkageError | RuntimeException e) {
            return "OpenCL unavailable: " + e.getMessage();
        }
    }

    String device() {
        return device;
    }

    /** Builds {@code source} and returns its kernel {@code name}. */
    cl_kernel kernel(String source, String name) {
        cl_program program = clCreateProgramWithSource(context, 1, new String[] {source}, null, null);
        programs.add(program);
        clBuildProgram(program, 0, null, "-cl-std=CL1.2", null, null);
        cl_kernel k = clCreateKernel(program, name, null);
        kernels.add(k);
        return k;
    }

    cl_mem buffer(float[] data) {
        return track(clCreateBuffer(context, CL_MEM_READ_WRITE | CL_MEM_COPY_HOST_PTR, (long) Sizeof.cl_float * data.length,
                Pointer.to(data), null));
    }

    cl_mem buffer(int[] data) {
        return track(clCreateBuffer(context, CL_MEM_READ_WRITE | CL_MEM_COPY_HOST_PTR, (long) Sizeof.cl_int * data.length,
                Pointer.to(data), null));
    }

    /** A buffer of {@code bytes} uninitialised bytes. */
    cl_mem buffer(long bytes) {
        return track(clCreateBuffer(context, CL_MEM_READ_WRITE, bytes, null, null));
    }

    private cl_mem track(cl_mem m) {
        buffers.add(m);
        return m;
    }

    /** Sets the kernel's arguments: {@code cl_mem}, Integer (uint) or Float. */
    void arguments(cl_kernel kernel, Object... args) {
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case cl_mem m -> clSetKernelArg(kernel, i, Sizeof.cl_mem, Pointer.to(m));
                case Integer v -> clSetKernelArg(kernel, i, Sizeof.cl_uint, Pointer.to(new int[] {v}));
                case Float v -> clSetKernelArg(kernel, i, Sizeof.cl_float, Pointer.to(new float[] {v}));
                default -> throw new IllegalArgumentException("unsupported kernel argument " + args[i]);
            }
        }
    }

    /** Enqueues an NDRange of {@code global} work-items in work-groups of {@code local}. */
    void enqueue(cl_kernel kernel, long[] global, long[] local) {
        clEnqueueNDRangeKernel(queue, kernel, global.length, null, global, local, 0, null, null);
    }

    void finish() {
        clFinish(queue);
    }

    float[] readFloats(cl_mem buffer, int count) {
        float[] out = new float[count];
        clEnqueueReadBuffer(queue, buffer, true, 0, (long) Sizeof.cl_float * count, Pointer.to(out), 0, null, null);
        return out;
    }

    int[] readInts(cl_mem buffer, int count) {
        int[] out = new int[count];
        clEnqueueReadBuffer(queue, buffer, true, 0, (long) Sizeof.cl_int * count, Pointer.to(out), 0, null, null);
        return out;
    }

    /** Overwrites the start of {@code buffer} with {@code data}, waiting until done. */
    void write(cl_mem buffer, int[] data) {
        clEnqueueWriteBuffer(queue, buffer, true, 0, (long) Sizeof.cl_int * data.length, Pointer.to(data), 0, null,
                null);
    }

    @Override
    public void close() {
        buffers.forEach(b -> clReleaseMemObject(b));
        kernels.forEach(k -> clReleaseKernel(k));
        programs.forEach(p -> clReleaseProgram(p));
        clReleaseCommandQueue(queue);
        clReleaseContext(context);
    }

}
