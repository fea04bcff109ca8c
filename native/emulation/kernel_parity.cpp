/*
 * kernel_parity.cpp - runs every kernel of native/kernels/ on the CPU (cuda_emulation.h) on the
 * inputs of records written by CpuReference.java, and compares with what the CPU backend
 * computed for them. Each record is run under three launch shapes: the header's standard one,
 * a small grid of 64-thread blocks (so every grid-stride and block-stride loop goes round more
 * than once), and a single 32-thread block (one warp: the block reductions' edge case).
 * In-place variants check the aliasing the header allows.
 *
 * Tolerances are those of float32 with different summation orders; results that must agree
 * bit for bit (dropout, max pooling, layout kernels, comparisons) are compared bitwise.
 *
 *   kernel_parity RECORDS     (exit status 1 on any mismatch)
 */
#include "cuda_emulation.h"

#include <cstdio>
#include <fstream>
#include <map>
#include <string>

#include JK_KERNELS_UNITY  // a file that #includes every native/kernels/*.cu

typedef std::vector<float> Floats;

struct Record {
    std::string kernel;
    std::vector<int> ints;
    Floats scalars;
    std::vector<Floats> arrays;  // inputs, then the CPU's outputs
};

static int failures = 0, checks = 0;
static std::string current;

static int read_int(std::ifstream& in) {
    int v = 0;
    in.read(reinterpret_cast<char*>(&v), 4);
    return v;
}

static bool read_record(std::ifstream& in, Record& r) {
    int n = read_int(in);
    if (!in) return false;
    r.kernel.resize(n);
    in.read(&r.kernel[0], n);
    r.ints.resize(read_int(in));
    for (int& v : r.ints) v = read_int(in);
    r.scalars.resize(read_int(in));
    in.read(reinterpret_cast<char*>(r.scalars.data()), 4 * r.scalars.size());
    r.arrays.resize(read_int(in));
    for (Floats& a : r.arrays) {
        a.resize(read_int(in));
        in.read(reinterpret_cast<char*>(a.data()), 4 * a.size());
    }
    return true;
}

static void fail(const char* what, size_t at, float got, float want, const char* how) {
    printf("FAIL %s %s: %s at %zu: got %.9g, CPU %.9g\n", current.c_str(), what, how, at, got, want);
    failures++;
}

/* |got - want| <= atol + rtol |want|; NaN and infinities must match exactly. */
static void near(const char* what, const Floats& got, const Floats& want, double rtol, double atol) {
    checks++;
    for (size_t i = 0; i < want.size(); i++) {
        float g = got[i], w = want[i];
        bool ok = std::isnan(w) || std::isnan(g) ? std::isnan(w) && std::isnan(g)
                : std::isinf(w) || std::isinf(g) ? g == w
                : std::fabs((double)g - w) <= atol + rtol * std::fabs(w);
        if (!ok) return fail(what, i, g, w, "outside tolerance");
    }
}

static void bitwise(const char* what, const Floats& got, const Floats& want) {
    checks++;
    for (size_t i = 0; i < want.size(); i++) {
        if (std::memcmp(&got[i], &want[i], 4) != 0) return fail(what, i, got[i], want[i], "not bitwise equal");
    }
}

typedef void (*UnaryForward)(const float*, float*, float, long long);
typedef void (*UnaryBackward)(const float*, const float*, const float*, float*, float, long long);
typedef void (*Binary)(const float*, const float*, float*, long long, jk_broadcast);
typedef void (*Scalar)(const float*, float, int, float*, long long);
typedef void (*Reduce)(const float*, float*, int, int, int);
typedef void (*SoftmaxForward)(const float*, float*, int, int);
typedef void (*SoftmaxBackward)(const float*, const float*, float*, int, int);

#define UNARY(op) {#op "_forward_kernel", (void*)op##_forward_kernel}, {#op "_backward_kernel", (void*)op##_backward_kernel},
#define BINARY(op) {#op "_binary_kernel", (void*)op##_binary_kernel}, {#op "_scalar_kernel", (void*)op##_scalar_kernel},
static std::map<std::string, void*> kernels = {
    UNARY(neg) UNARY(abs) UNARY(sign) UNARY(square) UNARY(sqrt) UNARY(exp) UNARY(log) UNARY(log1p) UNARY(reciprocal)
    UNARY(round) UNARY(relu) UNARY(leaky_relu) UNARY(sigmoid) UNARY(tanh) UNARY(elu) UNARY(selu) UNARY(softplus)
    UNARY(softsign) UNARY(hard_sigmoid) UNARY(swish) UNARY(gelu)
    BINARY(add) BINARY(sub) BINARY(mul) BINARY(div) BINARY(maximum) BINARY(minimum) BINARY(pow) BINARY(equal)
    BINARY(greater) BINARY(greater_equal) BINARY(less) BINARY(less_equal)
    {"reduce_sum_kernel", (void*)reduce_sum_kernel}, {"reduce_mean_kernel", (void*)reduce_mean_kernel},
    {"reduce_max_kernel", (void*)reduce_max_kernel}, {"reduce_min_kernel", (void*)reduce_min_kernel},
    {"reduce_argmax_kernel", (void*)reduce_argmax_kernel},
    {"softmax_forward_kernel", (void*)softmax_forward_kernel},
    {"log_softmax_forward_kernel", (void*)log_softmax_forward_kernel},
    {"softmax_backward_kernel", (void*)softmax_backward_kernel},
    {"log_softmax_backward_kernel", (void*)log_softmax_backward_kernel},
};

static bool ends_with(const std::string& s, const char* tail) {
    size_t n = std::strlen(tail);
    return s.size() >= n && s.compare(s.size() - n, n, tail) == 0;
}

static jk_broadcast broadcast_of(const std::vector<int>& v) {
    jk_broadcast bc{};
    bc.rank = v[0];
    for (int k = 0; k < bc.rank; k++) {
        bc.dims[k] = v[1 + k];
        bc.a_strides[k] = v[1 + bc.rank + k];
        bc.b_strides[k] = v[1 + 2 * bc.rank + k];
    }
    return bc;
}

static jk_conv2d geometry_of(const std::vector<int>& v) {
    jk_conv2d g;
    std::memcpy(&g, v.data(), sizeof g);
    return g;
}

/* Launch shape: grid 0 means the header's (elementwise: min(ceil(items / 256), 4096); per
 * row: one block per row). */
struct Shape {
    unsigned grid, block;
    unsigned items(long long n) const { return grid ? grid : (unsigned)std::max(1LL, std::min((n + 255) / 256, 4096LL)); }
    unsigned rows(long long n) const { return grid ? grid : (unsigned)std::max(1LL, n); }
};

/* Naive double-precision GEMM of row-major matrices: c (m, n) = a (m, k) b (k, n), with a and b
 * given by element functions so transposes need no copies. */
template <class A, class B>
static Floats gemm(long long m, long long n, long long k, A a, B b) {
    Floats c(m * n);
    for (long long i = 0; i < m; i++)
        for (long long j = 0; j < n; j++) {
            double s = 0;
            for (long long q = 0; q < k; q++) s += (double)a(i, q) * b(q, j);
            c[i * n + j] = (float)s;
        }
    return c;
}

static void check_conv(const Record& r, Shape s) {
    jk_conv2d g = geometry_of(r.ints);
    const Floats &x = r.arrays[0], &kernel = r.arrays[1], &dy = r.arrays[3];
    long long width = g.k_h * g.k_w * g.in_c, pixels = (long long)g.out_h * g.out_w, rows = g.batch * pixels;
    long long image_size = (long long)g.in_h * g.in_w * g.in_c;
    // two calls, images [0, half) and [half, batch), as the backend does for large batches
    int half = g.batch / 2;
    int starts[2] = {0, half}, counts[2] = {half, g.batch - half};
    Floats col(rows * width, -5.0f);
    for (int p = 0; p < 2; p++) {
        if (counts[p] == 0) continue;
        emu_launch(im2col_kernel, s.items(counts[p] * pixels * width), s.block, x.data(),
                   col.data() + starts[p] * pixels * width, g, starts[p], counts[p]);
    }
    near("y = col K", gemm(rows, g.out_c, width, [&](long long i, long long q) { return col[i * width + q]; },
                           [&](long long q, long long j) { return kernel[q * g.out_c + j]; }),
         r.arrays[2], 1e-4, 1e-5);
    near("dK = col^T dy", gemm(width, g.out_c, rows, [&](long long i, long long q) { return col[q * width + i]; },
                               [&](long long q, long long j) { return dy[q * g.out_c + j]; }),
         r.arrays[5], 1e-4, 1e-5);
    Floats dcol = gemm(rows, width, g.out_c, [&](long long i, long long q) { return dy[i * g.out_c + q]; },
                       [&](long long q, long long j) { return kernel[j * g.out_c + q]; });
    Floats dx(r.arrays[4].size(), 77.0f);
    for (int p = 0; p < 2; p++) {
        if (counts[p] == 0) continue;
        emu_launch(col2im_kernel, s.items(counts[p] * image_size), s.block,
                   (const float*)dcol.data() + starts[p] * pixels * width, dx.data(), g, starts[p], counts[p]);
    }
    near("dx = col2im(dy K^T)", dx, r.arrays[4], 1e-4, 1e-5);
}

static void check_pool(const Record& r, Shape s, bool max) {
    jk_conv2d g = geometry_of(r.ints);
    const Floats &x = r.arrays[0], &y_cpu = r.arrays[1], &dy = r.arrays[2];
    Floats y(y_cpu.size()), dx(x.size(), 55.0f);
    emu_launch(max ? max_pool2d_forward_kernel : avg_pool2d_forward_kernel, s.items(y.size()), s.block, x.data(),
               y.data(), g);
    if (max) {
        bitwise("y", y, y_cpu);
        emu_launch(max_pool2d_backward_kernel, s.items(dx.size()), s.block, x.data(), y_cpu.data(), dy.data(),
                   dx.data(), g);
    } else {
        near("y", y, y_cpu, 1e-6, 1e-7);
        emu_launch(avg_pool2d_backward_kernel, s.items(dx.size()), s.block, dy.data(), dx.data(), g);
    }
    near("dx", dx, r.arrays[3], 1e-6, 1e-7);
}

static void check_batchnorm(const Record& r, Shape s) {
    int rows = r.ints[0], channels = r.ints[1];
    float eps = r.scalars[0];
    const Floats &x = r.arrays[0], &gamma = r.arrays[1], &beta = r.arrays[2], &dy = r.arrays[6];
    const Floats &mean_cpu = r.arrays[4], &var_cpu = r.arrays[5], &dgamma_cpu = r.arrays[8], &dbeta_cpu = r.arrays[9];
    Floats mean(channels), var(channels), y(x.size()), dx(x.size()), dgamma(channels), dbeta(channels);
    emu_launch(batchnorm_stats_kernel, s.rows(channels), s.block, x.data(), mean.data(), var.data(), rows, channels);
    near("mean", mean, mean_cpu, 1e-5, 1e-6);
    near("var", var, var_cpu, 1e-5, 1e-6);
    emu_launch(batchnorm_forward_kernel, s.items(y.size()), s.block, x.data(), gamma.data(), beta.data(),
               mean_cpu.data(), var_cpu.data(), eps, y.data(), rows, channels);
    near("y", y, r.arrays[3], 1e-5, 1e-6);
    emu_launch(batchnorm_backward_reduce_kernel, s.rows(channels), s.block, x.data(), dy.data(), mean_cpu.data(),
               var_cpu.data(), eps, dgamma.data(), dbeta.data(), rows, channels);
    near("dgamma", dgamma, dgamma_cpu, 1e-4, 1e-5);
    near("dbeta", dbeta, dbeta_cpu, 1e-4, 1e-5);
    emu_launch(batchnorm_backward_kernel, s.items(dx.size()), s.block, x.data(), gamma.data(), mean_cpu.data(),
               var_cpu.data(), eps, dy.data(), dgamma_cpu.data(), dbeta_cpu.data(), dx.data(), rows, channels);
    near("dx", dx, r.arrays[7], 1e-4, 1e-5);
}

/* Optimizers: arrays are p, g, the slots, then the CPU's p and slots after the update. */
static void check_optimizer(const Record& r, Shape s) {
    const std::string& k = r.kernel;
    const Floats& f = r.scalars;
    const std::vector<Floats>& a = r.arrays;
    long long n = a[0].size();
    unsigned grid = s.items(n);
    Floats p = a[0];
    const float* g = a[1].data();
    if (k == "sgd_update_kernel") {
        emu_launch(sgd_update_kernel, grid, s.block, p.data(), g, f[0], n);
        return near("p", p, a[2], 1e-6, 1e-7);
    }
    int slots = (int)(a.size() - 3) / 2;  // p, g, slots, then p and slots again
    Floats s1 = a[2], s2 = slots > 1 ? a[3] : Floats(), s3 = slots > 2 ? a[4] : Floats();
    if (k == "sgd_momentum_update_kernel")
        emu_launch(sgd_momentum_update_kernel, grid, s.block, p.data(), g, s1.data(), f[0], f[1], r.ints[0], n);
    else if (k == "rmsprop_update_kernel")
        emu_launch(rmsprop_update_kernel, grid, s.block, p.data(), g, s1.data(), f[0], f[1], f[2], n);
    else if (k == "adagrad_update_kernel")
        emu_launch(adagrad_update_kernel, grid, s.block, p.data(), g, s1.data(), f[0], f[1], n);
    else if (k == "adadelta_update_kernel")
        emu_launch(adadelta_update_kernel, grid, s.block, p.data(), g, s1.data(), s2.data(), f[0], f[1], f[2], n);
    else if (k == "adam_update_kernel")
        emu_launch(adam_update_kernel, grid, s.block, p.data(), g, s1.data(), s2.data(), f[0], f[1], f[2], f[3], n);
    else if (k == "adam_amsgrad_update_kernel")
        emu_launch(adam_amsgrad_update_kernel, grid, s.block, p.data(), g, s1.data(), s2.data(), s3.data(), f[0], f[1],
                   f[2], f[3], n);
    else if (k == "adamax_update_kernel")
        emu_launch(adamax_update_kernel, grid, s.block, p.data(), g, s1.data(), s2.data(), f[0], f[1], f[2], f[3], n);
    else if (k == "nadam_update_kernel")
        emu_launch(nadam_update_kernel, grid, s.block, p.data(), g, s1.data(), s2.data(), f[0], f[1], f[2], f[3], f[4],
                   f[5], f[6], f[7], f[8], n);
    else {
        printf("FAIL %s: no check for this kernel\n", k.c_str());
        failures++;
        return;
    }
    size_t out = 2 + slots;
    near("p", p, a[out], 1e-6, 1e-7);
    near("slot 1", s1, a[out + 1], 1e-6, 1e-9);
    if (slots > 1) near("slot 2", s2, a[out + 2], 1e-6, 1e-9);
    if (slots > 2) near("slot 3", s3, a[out + 3], 1e-6, 1e-9);
}

static void check(const Record& r, Shape s) {
    const std::string& k = r.kernel;
    const std::vector<Floats>& a = r.arrays;
    bool softmax = k.find("softmax") != std::string::npos;
    if (ends_with(k, "_forward_kernel") && kernels.count(k) && !softmax) {
        Floats y(a[0].size()), in_place = a[0];
        emu_launch((UnaryForward)kernels[k], s.items(y.size()), s.block, a[0].data(), y.data(), r.scalars[0],
                   (long long)y.size());
        near("y", y, a[1], 2e-6, 1e-6);
        emu_launch((UnaryForward)kernels[k], s.items(y.size()), s.block, (const float*)in_place.data(),
                   in_place.data(), r.scalars[0], (long long)y.size());
        near("y in place of x", in_place, a[1], 2e-6, 1e-6);
    } else if (ends_with(k, "_backward_kernel") && kernels.count(k) && !softmax) {
        Floats dx = a[2];  // in place of dy
        emu_launch((UnaryBackward)kernels[k], s.items(dx.size()), s.block, a[0].data(), a[1].data(),
                   (const float*)dx.data(), dx.data(), r.scalars[0], (long long)dx.size());
        near("dx in place of dy", dx, a[3], 2e-6, 1e-6);
    } else if (ends_with(k, "_binary_kernel")) {
        Floats out(a[2].size());
        emu_launch((Binary)kernels[k], s.items(out.size()), s.block, a[0].data(), a[1].data(), out.data(),
                   (long long)out.size(), broadcast_of(r.ints));
        near("out", out, a[2], 2e-6, 1e-6);
    } else if (ends_with(k, "_scalar_kernel")) {
        Floats out(a[1].size());
        emu_launch((Scalar)kernels[k], s.items(out.size()), s.block, a[0].data(), r.scalars[0], r.ints[0], out.data(),
                   (long long)out.size());
        near("out", out, a[1], 2e-6, 1e-6);
    } else if (k == "fill_kernel") {
        Floats out(a[0].size(), -1.0f);
        emu_launch(fill_kernel, s.items(out.size()), s.block, out.data(), r.scalars[0], (long long)out.size());
        bitwise("dst", out, a[0]);
    } else if (k == "clip_kernel") {
        Floats out(a[0].size());
        emu_launch(clip_kernel, s.items(out.size()), s.block, a[0].data(), r.scalars[0], r.scalars[1], out.data(),
                   (long long)out.size());
        bitwise("out", out, a[1]);
    } else if (k == "affine_kernel") {
        Floats out(a[0].size());
        emu_launch(affine_kernel, s.items(out.size()), s.block, a[0].data(), r.scalars[0], r.scalars[1], out.data(),
                   (long long)out.size());
        near("out", out, a[1], 2e-6, 1e-6);
    } else if (k == "where_kernel") {
        Floats out(a[0].size());
        emu_launch(where_kernel, s.items(out.size()), s.block, a[0].data(), a[1].data(), a[2].data(), out.data(),
                   (long long)out.size());
        bitwise("out", out, a[3]);
    } else if (k == "broadcast_kernel") {
        Floats out(a[1].size());
        emu_launch(broadcast_kernel, s.items(out.size()), s.block, a[0].data(), out.data(), (long long)out.size(),
                   broadcast_of(r.ints));
        bitwise("out", out, a[1]);
    } else if (k.rfind("reduce_", 0) == 0) {
        int outer = r.ints[0], len = r.ints[1], inner = r.ints[2];
        Floats out(a[1].size(), 99.0f);
        emu_launch((Reduce)kernels[k], s.rows((long long)outer * inner), s.block, a[0].data(), out.data(), outer, len,
                   inner);
        if (k == "reduce_sum_kernel" || k == "reduce_mean_kernel") near("out", out, a[1], 1e-5, 1e-5);
        else bitwise("out", out, a[1]);
    } else if (k == "transpose_kernel") {
        jk_transpose t{};
        t.rank = r.ints[0];
        for (int i = 0; i < t.rank; i++) {
            t.in_dims[i] = r.ints[1 + i];
            t.perm[i] = r.ints[1 + t.rank + i];
        }
        Floats out(a[1].size());
        emu_launch(transpose_kernel, s.items(out.size()), s.block, a[0].data(), out.data(), (long long)out.size(), t);
        bitwise("out", out, a[1]);
    } else if (k == "copy_axis_kernel") {
        const std::vector<int>& i = r.ints;  // x_len, x_start, out_len, out_start, outer, length, inner
        Floats out = a[1];
        emu_launch(copy_axis_kernel, s.items((long long)i[4] * i[5] * i[6]), s.block, a[0].data(), i[0], i[1],
                   out.data(), i[2], i[3], i[4], i[5], i[6]);
        bitwise("out", out, a[2]);
    } else if (k == "one_hot_kernel") {
        Floats out(a[1].size());
        emu_launch(one_hot_kernel, s.items(out.size()), s.block, a[0].data(), out.data(), r.ints[0], r.ints[1]);
        bitwise("out", out, a[1]);
    } else if (k == "in_top_k_kernel") {
        Floats out(a[2].size());
        emu_launch(in_top_k_kernel, s.items(out.size()), s.block, a[0].data(), a[1].data(), out.data(), r.ints[0],
                   r.ints[1], r.ints[2]);
        bitwise("out", out, a[2]);
    } else if (softmax && ends_with(k, "_forward_kernel")) {
        int rows = r.ints[0], cols = r.ints[1];
        Floats y = a[0];  // in place of x
        emu_launch((SoftmaxForward)kernels[k], s.rows(rows), s.block, (const float*)y.data(), y.data(), rows, cols);
        near("y in place of x", y, a[1], 1e-5, 1e-7);
    } else if (softmax) {
        int rows = r.ints[0], cols = r.ints[1];
        Floats dx = a[1];  // in place of dy
        emu_launch((SoftmaxBackward)kernels[k], s.rows(rows), s.block, a[0].data(), (const float*)dx.data(), dx.data(),
                   rows, cols);
        near("dx in place of dy", dx, a[2], 1e-5, 1e-6);
    } else if (k == "conv") {
        check_conv(r, s);
    } else if (k == "max_pool" || k == "avg_pool") {
        check_pool(r, s, k == "max_pool");
    } else if (k == "batchnorm") {
        check_batchnorm(r, s);
    } else if (k == "dropout_forward_kernel") {
        unsigned long long seed = (unsigned long long)(unsigned)r.ints[0] | (unsigned long long)(unsigned)r.ints[1] << 32;
        Floats y = a[0];  // in place of x
        emu_launch(dropout_forward_kernel, s.items(y.size()), s.block, (const float*)y.data(), y.data(), r.scalars[0],
                   seed, (long long)y.size());
        bitwise("y in place of x", y, a[1]);
    } else if (ends_with(k, "_update_kernel")) {
        check_optimizer(r, s);
    } else if (k == "kernels_version_kernel") {
        int version = 0;
        emu_launch(kernels_version_kernel, 1, s.block, &version);
        checks++;
        if (version != JK_KERNELS_VERSION) fail("version", 0, version, JK_KERNELS_VERSION, "wrong");
    } else {
        printf("FAIL %s: no check for this kernel\n", k.c_str());
        failures++;
    }
}

int main(int argc, char** argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: kernel_parity RECORDS\n");
        return 2;
    }
    std::ifstream in(argv[1], std::ios::binary);
    const Shape shapes[] = {{0, 256}, {3, 64}, {1, 32}};
    Record r;
    int records = 0;
    while (read_record(in, r)) {
        records++;
        for (const Shape& s : shapes) {
            current = r.kernel + " <<<" + (s.grid ? std::to_string(s.grid) : "std") + ", " + std::to_string(s.block) + ">>>";
            check(r, s);
        }
    }
    printf("kernel_parity: %d records, %d comparisons, %d failures\n", records, checks, failures);
    return failures != 0;
}
