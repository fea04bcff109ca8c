/*
 * jkeras's own single-precision GEMM for AVX-512 CPUs: row-major c = alpha op(a) op(b) + beta c
 * on the calling thread (CpuBlas splits large GEMMs over the cores).
 *
 * Why not OpenBLAS: on the 2-core machine its sgemm reaches about 55% of a core's FMA peak, and
 * about half that at the row counts of training batches (32x512x784), where a packed copy of b
 * serves too few rows of a to pay for itself. Layout (Goto/BLIS): an 8 x 48 micro-kernel keeps an
 * 8-row by 48-column tile of c in 24 zmm registers, broadcasting 8 values of op(a) and loading
 * three vectors of op(b) per step of k. Blocks of b are packed into 48-column panels that stay in
 * L2 while the kernel walks them 8 rows of a at a time (see JK_KC). Packing is done only where it
 * pays: b is read in place for a few rows of a (batch-sized m), a is packed only where transposed
 * or where its rows alias in L1, and the transposed operands are packed with 8 x 8 AVX
 * transposes. Partial tiles use masked loads and stores, and kernels instantiated for 1..8 rows
 * and 1..3 vectors, so no edge goes through a scratch tile; tiles whose columns fill whole
 * vectors load b unmasked (see tile()), and large products written in one pass leave through
 * streaming stores (JK_STREAM_C_FLOATS).
 *
 * Results differ from OpenBLAS's and oneDNN's within float32 rounding, as between any two BLAS
 * builds: each sums k in KC blocks with fused multiply-adds. Subnormals are zero, in and out
 * (see the JNI entry below).
 */
#include <immintrin.h>
#include <pthread.h>
#include <stdlib.h>

#include "jkeras_cpu.h"

#define JK_NAME(op) Java_io_jkeras_backend_cpu_NativeSgemm_##op

/* The micro-kernel's tile of c: MR rows by NR = 16 * NV columns, MR * NV = 24 of the 32 zmm
 * registers as accumulators. 8 x 48 loads 3 vectors of b and broadcasts 8 values of a per step
 * of k, 11 loads per 24 FMAs (12 x 32 needs 14); 8 rows also split batches of 32, 64 and 128
 * into whole tiles. */
#define MR 8
#define NV 3
#define NR (16 * NV)
/* The blocking (Goto/BLIS, the roles of a and b swapped for row-major c): for each block of KC
 * steps of k, up to MC rows of a are packed (2 MiB, from L3), then b a block of columns at a
 * time (at most JK_BLOCK_FLOATS, about half a core's L2), and the kernel walks the block 8 rows
 * of a at a time across all of its 48-column panels: the 8 rows (16 KiB) stay in L1 while the
 * panels stream from L2. KC 512 keeps a whole batch-sized k (W5's weight gradients) in one
 * block, so c is written once. Blocks of b of 1.5 MiB ran 4-6% slower than 1 MiB at W5's
 * shapes, 0.75 to 1.1 MiB alike; with a panel of b kept in L2 while MC rows of a went past it
 * instead (and so 2.3 MiB blocks), W5's shapes ran 3-7% slower and 512x512x784 5-8%. */
#define JK_KC 512
#define JK_MC 1024
#define JK_BLOCK_FLOATS (288L * 1024)
/* The columns of a block of b where the whole width of b does not fit JK_BLOCK_FLOATS. */
#define JK_NC (NR * 10)
/* Up to this many rows of a, b is read in place (unless transposed): with so few rows to share
 * a packed copy, packing b costs as much as it saves. Not where b's rows alias in L1 and L2
 * (JK_ALIAS_FLOATS apart), from JK_PACK_B_ALIASED_ROWS rows: each of a panel's rows then lies
 * on its own 4 KiB page and in the same cache sets, and packing made 32x4096x4096 and
 * 64x4096x4096 run twice as fast (single thread, paired); 16 rows gained at 4096 columns but
 * lost 25% at 1024. */
#define JK_PACK_B_ROWS 96
#define JK_PACK_B_ALIASED_ROWS 32
/* Narrower products than this (two panels: the logits layer) read a in place: packing would
 * cost as much as the multiply. Wider ones pack a where it is transposed (op(a)'s rows are
 * then columns of a) or where its rows lie a multiple of 4 KiB apart (JK_ALIAS_FLOATS: W5's 16
 * KiB): the kernel's 8 rows would then contend for one L1 set. Otherwise the kernel reads a in
 * place, 8 streams in order: packing it cost 4-7% of 512x512x784 (single thread, paired). */
#define JK_PACK_A_COLUMNS 96
#define JK_ALIAS_FLOATS 1024
/* How many rows of b ahead the kernel prefetches: hides the latency of b read in place. */
#define JK_PREFETCH_B 8
/* From this many floats of c (4 MiB, twice a core's L2) a product written in one pass (one block
 * of k, beta 0: W5's weight gradients) goes out with streaming stores. Such a c does not stay in
 * the cache anyway, and a plain store first reads each line from memory only to overwrite it:
 * paired runs of 4096x4096x512 (transposed a) gained 3-5% on one thread and on two. Smaller
 * products stay cached for whoever reads them next. */
#define JK_STREAM_C_FLOATS (1L << 20)

#define JK_AVX512 __attribute__((target("avx512f,avx512vl,avx512dq,avx512bw,fma")))

/* Per-thread packing buffers, freed when the thread ends. */
static pthread_key_t buffers_key;
static pthread_once_t buffers_once = PTHREAD_ONCE_INIT;

typedef struct {
    float *a; /* JK_MC x JK_KC */
    float *b; /* JK_BLOCK_FLOATS */
} jk_buffers;

static void free_buffers(void *p) {
    jk_buffers *buffers = p;
    free(buffers->a);
    free(buffers->b);
    free(buffers);
}

static void make_key(void) { pthread_key_create(&buffers_key, free_buffers); }

static jk_buffers *thread_buffers(void) {
    pthread_once(&buffers_once, make_key);
    jk_buffers *buffers = pthread_getspecific(buffers_key);
    if (buffers == NULL) {
        buffers = calloc(1, sizeof(jk_buffers));
        if (buffers == NULL) {
            return NULL;
        }
        buffers->a = aligned_alloc(64, sizeof(float) * JK_MC * JK_KC);
        buffers->b = aligned_alloc(64, sizeof(float) * JK_BLOCK_FLOATS);
        if (buffers->a == NULL || buffers->b == NULL) {
            free_buffers(buffers);
            return NULL;
        }
        pthread_setspecific(buffers_key, buffers);
    }
    return buffers;
}

static inline __mmask16 mask_of(int width) {
    return width >= 16 ? (__mmask16) 0xFFFF : width <= 0 ? (__mmask16) 0 : (__mmask16) ((1u << width) - 1);
}

/* The kinds of tile, a constant in each instantiation: an edge tile's columns leave its last
 * vector part empty; a full tile's fill every vector; a streamed tile is a full tile whose c goes
 * out with streaming stores (JK_STREAM_C_FLOATS). */
#define JK_EDGE 0
#define JK_FULL 1
#define JK_STREAMED 2
#define JK_KINDS 3

/*
 * c[0..rows)[0..width) = alpha * A B + beta * c (beta == 0: c is not read), where A[r][k] =
 * ap[r * as + k * ak] (a packed panel, or a read in place) and B[k][j] = bp[k * bs + j] for
 * j < width <= 16 * vectors. rows and vectors are constants in each instantiation, so the
 * accumulators stay in registers. The kind is one too: a masked load of b in the inner loop,
 * even with every lane set, made the kernel 3-11% slower on every shape measured (paired
 * single-thread runs, 512x512x784 to 2048x4096x512), so only edge tiles use masks; and a
 * streaming flag passed at run time cost small products 2%.
 */
static inline __attribute__((always_inline)) JK_AVX512 void tile(const int rows, const int vectors, const int kind,
                                                                 int kc,
                                                                 const float *restrict ap, long as, long ak,
                                                                 const float *restrict bp, long bs,
                                                                 float *restrict c, long ldc, int width,
                                                                 float alpha, float beta) {
    __m512 acc[MR][NV];
    __mmask16 m[NV];
#pragma GCC unroll 4
    for (int v = 0; v < vectors; v++) {
        m[v] = mask_of(width - 16 * v);
    }
#pragma GCC unroll 16
    for (int r = 0; r < rows; r++) {
#pragma GCC unroll 4
        for (int v = 0; v < vectors; v++) {
            acc[r][v] = _mm512_setzero_ps();
        }
    }
    if (beta != 0.0f) {
        /* the tile of c is read after kc steps: start fetching its lines now, off the critical path */
#pragma GCC unroll 16
        for (int r = 0; r < rows; r++) {
#pragma GCC unroll 4
            for (int v = 0; v < vectors; v++) {
                _mm_prefetch((const char *) (c + (long) r * ldc + 16 * v), _MM_HINT_T0);
            }
        }
    }
#pragma GCC unroll 4
    for (int k = 0; k < kc; k++) {
        __m512 bv[NV];
        _mm_prefetch((const char *) (bp + JK_PREFETCH_B * bs), _MM_HINT_T0);
#pragma GCC unroll 4
        for (int v = 0; v < vectors; v++) {
            bv[v] = kind != JK_EDGE ? _mm512_loadu_ps(bp + 16 * v) : _mm512_maskz_loadu_ps(m[v], bp + 16 * v);
        }
#pragma GCC unroll 16
        for (int r = 0; r < rows; r++) {
            __m512 a = _mm512_set1_ps(ap[r * as]);
#pragma GCC unroll 4
            for (int v = 0; v < vectors; v++) {
                acc[r][v] = _mm512_fmadd_ps(a, bv[v], acc[r][v]);
            }
        }
        ap += ak;
        bp += bs;
    }
    __m512 va = _mm512_set1_ps(alpha);
    __m512 vb = _mm512_set1_ps(beta);
#pragma GCC unroll 16
    for (int r = 0; r < rows; r++) {
        float *cr = c + (long) r * ldc;
#pragma GCC unroll 4
        for (int v = 0; v < vectors; v++) {
            __m512 out = alpha == 1.0f ? acc[r][v] : _mm512_mul_ps(va, acc[r][v]);
            if (beta == 1.0f) {
                out = _mm512_add_ps(_mm512_maskz_loadu_ps(m[v], cr + 16 * v), out);
            } else if (beta != 0.0f) {
                out = _mm512_fmadd_ps(vb, _mm512_maskz_loadu_ps(m[v], cr + 16 * v), out);
            }
            if (kind == JK_STREAMED) {
                _mm512_stream_ps(cr + 16 * v, out);
            } else {
                _mm512_mask_storeu_ps(cr + 16 * v, m[v], out);
            }
        }
    }
}

#define JK_TILE(R, V, KIND, NAME)                                                                              \
    static JK_AVX512 void NAME(int kc, const float *ap, long as, long ak, const float *bp, long bs, float *c,   \
                               long ldc, int width, float alpha, float beta) {                                 \
        tile(R, V, KIND, kc, ap, as, ak, bp, bs, c, ldc, width, alpha, beta);                                  \
    }
#define JK_TILES(R)                                                                                            \
    JK_TILE(R, 1, JK_EDGE, tile_##R##_1) JK_TILE(R, 2, JK_EDGE, tile_##R##_2)                                  \
    JK_TILE(R, 3, JK_EDGE, tile_##R##_3) JK_TILE(R, 1, JK_FULL, full_##R##_1)                                  \
    JK_TILE(R, 2, JK_FULL, full_##R##_2) JK_TILE(R, 3, JK_FULL, full_##R##_3)                                  \
    JK_TILE(R, 1, JK_STREAMED, streamed_##R##_1) JK_TILE(R, 2, JK_STREAMED, streamed_##R##_2)                  \
    JK_TILE(R, 3, JK_STREAMED, streamed_##R##_3)
#define JK_ROW(KIND, R) {KIND##_##R##_1, KIND##_##R##_2, KIND##_##R##_3}
#define JK_ROWS(KIND)                                                                                          \
    {{NULL, NULL, NULL}, JK_ROW(KIND, 1), JK_ROW(KIND, 2), JK_ROW(KIND, 3), JK_ROW(KIND, 4),                   \
     JK_ROW(KIND, 5), JK_ROW(KIND, 6), JK_ROW(KIND, 7), JK_ROW(KIND, 8)}
JK_TILES(1)
JK_TILES(2)
JK_TILES(3)
JK_TILES(4)
JK_TILES(5)
JK_TILES(6)
JK_TILES(7)
JK_TILES(8)

typedef void (*tile_fn)(int, const float *, long, long, const float *, long, float *, long, int, float, float);
/* TILES[kind][rows][vectors - 1] */
static const tile_fn TILES[JK_KINDS][MR + 1][NV] = {JK_ROWS(tile), JK_ROWS(full), JK_ROWS(streamed)};

/* dst[j * dst_ld + i] = src[i * src_ld + j] for an 8 x 8 block: the classic AVX transpose
 * (unpack, shuffle, then swap 128-bit halves), about 3 shuffles per row instead of 8 scalar
 * moves. */
static inline __attribute__((always_inline)) JK_AVX512 void transpose8x8(const float *src, long src_ld, float *dst,
                                                                        long dst_ld) {
    __m256 r[8], t[8], u[8];
    for (int i = 0; i < 8; i++) {
        r[i] = _mm256_loadu_ps(src + i * src_ld);
    }
    for (int i = 0; i < 8; i += 2) {
        t[i] = _mm256_unpacklo_ps(r[i], r[i + 1]);
        t[i + 1] = _mm256_unpackhi_ps(r[i], r[i + 1]);
    }
    for (int i = 0; i < 8; i += 4) {
        u[i] = _mm256_shuffle_ps(t[i], t[i + 2], 0x44);
        u[i + 1] = _mm256_shuffle_ps(t[i], t[i + 2], 0xEE);
        u[i + 2] = _mm256_shuffle_ps(t[i + 1], t[i + 3], 0x44);
        u[i + 3] = _mm256_shuffle_ps(t[i + 1], t[i + 3], 0xEE);
    }
    for (int i = 0; i < 4; i++) {
        _mm256_storeu_ps(dst + i * dst_ld, _mm256_permute2f128_ps(u[i], u[i + 4], 0x20));
        _mm256_storeu_ps(dst + (i + 4) * dst_ld, _mm256_permute2f128_ps(u[i], u[i + 4], 0x31));
    }
}

/* dst[j * dst_ld + i] = src[i * src_ld + j] for i < rows, j < cols. */
static JK_AVX512 void transpose(const float *src, long src_ld, int rows, int cols, float *dst, long dst_ld) {
    int j = 0;
    if (rows == 8) {
        for (; j + 8 <= cols; j += 8) {
            transpose8x8(src + j, src_ld, dst + j * dst_ld, dst_ld);
        }
    }
    for (; j < cols; j++) {
        for (int i = 0; i < rows; i++) {
            dst[j * dst_ld + i] = src[i * src_ld + j];
        }
    }
}

/* Packs rows [i0, i0 + mc) and k [p0, p0 + kc) of op(a) into MR-row panels (kc steps of MR). */
static JK_AVX512 void pack_a(int trans, const float *a, long lda, int i0, int p0, int mc, int kc, float *dst) {
    if (trans) {
        /* op(a)[i][p] = a[p][i]: each step of k reads a row of a across 4 panels (2 whole lines)
         * and stores it to them. A panel at a time read every line twice, from rows (W5's 16 KiB
         * apart) that share cache sets, so the second read came from L3: packing took 4.9% of
         * 2048x4096x512, now 3.8%. 8 panels took 5.4%: their store streams, kc * 32 bytes
         * apart, share the L1's sets too. */
        for (int ir = 0; ir < mc; ir += 4 * MR) {
            int cols = mc - ir < 4 * MR ? mc - ir : 4 * MR;
            const float *s = a + (long) p0 * lda + i0 + ir;
            float *d = dst + (long) ir * kc;
            for (int p = 0; p < kc; p++) {
                const float *sp = s + (long) p * lda;
                for (int q = 0; q < cols; q += 2 * MR) {
                    __mmask16 m = mask_of(cols - q);
                    __m512 v = _mm512_maskz_loadu_ps(m, sp + q);
                    float *dq = d + (long) q * kc + (long) p * MR;
                    _mm256_mask_storeu_ps(dq, (__mmask8) m, _mm512_castps512_ps256(v));
                    if (cols - q > MR) {
                        _mm256_mask_storeu_ps(dq + (long) MR * kc, (__mmask8) (m >> MR), _mm512_extractf32x8_ps(v, 1));
                    }
                }
            }
        }
        return;
    }
    for (int ir = 0; ir < mc; ir += MR) {
        int rows = mc - ir < MR ? mc - ir : MR;
        transpose(a + (long) (i0 + ir) * lda + p0, lda, rows, kc, dst + (long) ir * kc, MR);
    }
}

/* Packs k [p0, p0 + kc) and columns [j0, j0 + nc) of op(b) into NR-column panels (kc rows of NR). */
static JK_AVX512 void pack_b(int trans, const float *b, long ldb, int p0, int j0, int kc, int nc, float *dst) {
    if (trans) {
        /* op(b)[p][j] = b[j][p]: transpose 8 of a panel's columns at a time */
        for (int jr = 0; jr < nc; jr += NR) {
            int width = nc - jr < NR ? nc - jr : NR;
            for (int j = 0; j < width; j += 8) {
                int cols = width - j < 8 ? width - j : 8;
                transpose(b + (long) (j0 + jr + j) * ldb + p0, ldb, cols, kc, dst + (long) jr * kc + j, NR);
            }
        }
        return;
    }
    /* A row of b at a time, across every panel: the reads go through b in order, which the
     * hardware prefetches. A panel at a time read 192 bytes from each of kc rows a row apart
     * (2 KiB at 512 columns): too few accesses per 4 KiB page for the prefetcher to follow. */
    int whole = nc - nc % NR;
    for (int p = 0; p < kc; p++) {
        const float *s = b + (long) (p0 + p) * ldb + j0;
        float *d = dst + (long) p * NR;
        for (int jr = 0; jr < whole; jr += NR) {
            for (int v = 0; v < NV; v++) {
                _mm512_storeu_ps(d + (long) jr * kc + 16 * v, _mm512_loadu_ps(s + jr + 16 * v));
            }
        }
        if (whole < nc) {
            for (int v = 0; v < NV; v++) {
                __mmask16 m = mask_of(nc - whole - 16 * v);
                _mm512_mask_storeu_ps(d + (long) whole * kc + 16 * v, m, _mm512_maskz_loadu_ps(m, s + whole + 16 * v));
            }
        }
    }
}

/* c (m x n, ldc) = beta c: the whole product when k == 0. */
static JK_AVX512 void scale_c(int m, int n, float beta, float *c, long ldc) {
    for (int i = 0; i < m; i++) {
        float *ci = c + (long) i * ldc;
        for (int j = 0; j < n; j++) {
            ci[j] = beta == 0.0f ? 0.0f : beta * ci[j];
        }
    }
}

/* Where one block's tiles read a and b and write c, as set up by jk_sgemm. */
typedef struct {
    int kc;
    const float *a; /* the tile at row ir reads a + ir * a_row; a value at its row r, step k: ap[r * as + k * ak] */
    long a_row, as, ak;
    const float *b; /* the panel at column jr reads b + jr * b_column; its row k: bp + k * bs */
    long b_column, bs;
    float *c;
    long ldc;
    float alpha, beta;
    int stream;
} jk_block;

/* The tile of c at rows [ir, ir + rows) and columns [jr, jr + width) of the block. */
static inline JK_AVX512 void block_tile(const jk_block *blk, int ir, int rows, int jr, int width) {
    int vectors = (width + 15) / 16;
    int kind = width < 16 * vectors ? JK_EDGE : blk->stream ? JK_STREAMED : JK_FULL;
    TILES[kind][rows][vectors - 1](blk->kc, blk->a + ir * blk->a_row, blk->as, blk->ak, blk->b + jr * blk->b_column,
                                   blk->bs, blk->c + (long) ir * blk->ldc + jr, blk->ldc, width, blk->alpha,
                                   blk->beta);
}

/* n columns rounded up to whole NR-column panels: the width of a packed block of b. */
static inline long panel_columns(int n) {
    return (long) (n + NR - 1) / NR * NR;
}

/* Floats of op(b) (k x n) packed whole (see pack_whole_b): every block of k as 48-column panels. */
static long packed_b_floats(int k, int n) {
    return (long) k * panel_columns(n);
}

/* Packs columns [j0, j1) of op(b) (k x n; j0 a multiple of NR) into dst, laid out as jk_sgemm reads
 * a packed b: the block of k from pc at dst + pc * (n rounded up to NR), its panel at column j at
 * j * kc from there. Threads packing disjoint columns build one copy that all of them then read. */
static JK_AVX512 void pack_whole_b(int trans_b, int k, int n, const float *b, long ldb, int j0, int j1, float *dst) {
    long row = panel_columns(n);
    for (int pc = 0; pc < k; pc += JK_KC) {
        int kc = k - pc < JK_KC ? k - pc : JK_KC;
        pack_b(trans_b, b, ldb, pc, j0, kc, j1 - j0, dst + (long) pc * row + (long) j0 * kc);
    }
}

/* Returns 0, or -1 where the packing buffers could not be allocated. packed_b: op(b) packed whole
 * by pack_whole_b, or NULL to pack it here where that pays. */
static JK_AVX512 int jk_sgemm(int trans_a, int trans_b, int m, int n, int k, float alpha, const float *a, long lda,
                       const float *b, long ldb, const float *packed_b, float beta, float *c, long ldc) {
    if (m <= 0 || n <= 0) {
        return 0;
    }
    if (k <= 0 || alpha == 0.0f) {
        scale_c(m, n, beta, c, ldc);
        return 0;
    }
    jk_buffers *buffers = thread_buffers();
    if (buffers == NULL) {
        return -1;
    }
    int pack_b_panels = packed_b != NULL || trans_b || m > JK_PACK_B_ROWS ||
                        (m >= JK_PACK_B_ALIASED_ROWS && ldb % JK_ALIAS_FLOATS == 0);
    int pack_a_panels = n > JK_PACK_A_COLUMNS && (trans_a || lda % JK_ALIAS_FLOATS == 0);
    jk_block blk;
    blk.bs = pack_b_panels ? NR : ldb;
    blk.b_column = pack_b_panels ? 0 : 1; /* packed: set per block, below */
    blk.as = pack_a_panels || trans_a ? 1 : lda;
    blk.ak = pack_a_panels ? MR : trans_a ? lda : 1;
    blk.a_row = pack_a_panels ? 0 : trans_a ? 1 : lda; /* packed: set per block of k, below */
    blk.ldc = ldc;
    blk.alpha = alpha;
    /* streaming stores need every full tile's rows on 64-byte lines: c aligned, ldc a multiple of 16 */
    blk.stream = beta == 0.0f && k <= JK_KC && (long) m * n >= JK_STREAM_C_FLOATS && ((uintptr_t) c & 63) == 0 &&
                 (ldc & 15) == 0;
    /* one block of columns where the whole width fits JK_BLOCK_FLOATS at every block of k */
    int block_columns = (long) (k < JK_KC ? k : JK_KC) * panel_columns(n) <= JK_BLOCK_FLOATS ? n : JK_NC;
    for (int pc = 0; pc < k; pc += JK_KC) {
        int kc = k - pc < JK_KC ? k - pc : JK_KC;
        blk.kc = kc;
        /* the first block of k applies beta; the others add onto it */
        blk.beta = pc == 0 ? beta : 1.0f;
        for (int ic = 0; ic < m; ic += JK_MC) {
            int mc = m - ic < JK_MC ? m - ic : JK_MC;
            if (pack_a_panels) {
                pack_a(trans_a, a, lda, ic, pc, mc, kc, buffers->a);
                blk.a = buffers->a;
                blk.a_row = kc;
            } else {
                blk.a = trans_a ? a + (long) pc * lda + ic : a + (long) ic * lda + pc;
            }
            if (!pack_b_panels) {
                /* b read in place (few rows of a): a panel at a time, its rows stay in L1 across the rows of a */
                blk.b = b + (long) pc * ldb;
                blk.c = c + (long) ic * ldc;
                for (int jr = 0; jr < n; jr += NR) {
                    for (int ir = 0; ir < mc; ir += MR) {
                        block_tile(&blk, ir, mc - ir < MR ? mc - ir : MR, jr, n - jr < NR ? n - jr : NR);
                    }
                }
                continue;
            }
            for (int jc = 0; jc < n; jc += block_columns) {
                int nc = n - jc < block_columns ? n - jc : block_columns;
                if (packed_b != NULL) {
                    blk.b = packed_b + (long) pc * panel_columns(n) + (long) jc * kc;
                } else {
                    pack_b(trans_b, b, ldb, pc, jc, kc, nc, buffers->b);
                    blk.b = buffers->b;
                }
                blk.b_column = kc;
                blk.c = c + (long) ic * ldc + jc;
                for (int ir = 0; ir < mc; ir += MR) {
                    for (int jr = 0; jr < nc; jr += NR) {
                        block_tile(&blk, ir, mc - ir < MR ? mc - ir : MR, jr, nc - jr < NR ? nc - jr : NR);
                    }
                }
            }
        }
    }
    if (blk.stream) {
        /* streaming stores are weakly ordered: make them visible before the caller reads c */
        _mm_sfence();
    }
    return 0;
}

/* Whether this CPU runs the AVX-512 code above. */
JK_EXPORT jboolean JNICALL JK_NAME(supported)(JNIEnv *env, jclass cls) {
    (void) env;
    (void) cls;
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") &&
           __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("fma");
}

/* MXCSR's flush-to-zero (results) and denormals-are-zero (inputs) bits. */
#define JK_FTZ_DAZ 0x8040u

/*
 * c = alpha op(a) op(b) + beta c, row-major, on the calling thread; 0, or -1 (out of memory).
 * Runs with flush-to-zero and denormals-are-zero, as oneDNN, MKL and TensorFlow's CPU kernels
 * do, and restores the thread's MXCSR before returning to Java (whose arithmetic keeps
 * subnormals): every FMA that reads or makes a subnormal otherwise takes a microcode assist,
 * and a model fitting one batch to a loss of 0 (W4) sends whole gradients of them through.
 */
static int jk_sgemm_ftz(int trans_a, int trans_b, int m, int n, int k, float alpha, const float *a, long lda,
                        const float *b, long ldb, const float *packed_b, float beta, float *c, long ldc) {
    unsigned int csr = _mm_getcsr();
    _mm_setcsr(csr | JK_FTZ_DAZ);
    int status = jk_sgemm(trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, packed_b, beta, c, ldc);
    _mm_setcsr(csr);
    return status;
}

JK_EXPORT jint JNICALL JK_NAME(sgemm)(JNIEnv *env, jclass cls, jboolean trans_a, jboolean trans_b, jint m, jint n,
                                      jint k, jfloat alpha, jlong a, jint lda, jlong b, jint ldb, jfloat beta, jlong c,
                                      jint ldc) {
    (void) env;
    (void) cls;
    return jk_sgemm_ftz(trans_a, trans_b, m, n, k, alpha, JK_F(a), lda, JK_F(b), ldb, NULL, beta, JK_F(c), ldc);
}

/* Floats that op(b) (k x n) takes packed whole. */
JK_EXPORT jlong JNICALL JK_NAME(packedFloats)(JNIEnv *env, jclass cls, jint k, jint n) {
    (void) env;
    (void) cls;
    return packed_b_floats(k, n);
}

/* Packs columns [j0, j1) of op(b) (k x n) into packed (packedFloats(k, n) floats, 64-byte aligned). */
JK_EXPORT void JNICALL JK_NAME(packB)(JNIEnv *env, jclass cls, jboolean trans_b, jint k, jint n, jlong b, jint ldb,
                                     jint j0, jint j1, jlong packed) {
    (void) env;
    (void) cls;
    pack_whole_b(trans_b, k, n, JK_F(b), ldb, j0, j1, JK_F(packed));
}

/* sgemm with op(b) already packed whole by packB: c = alpha op(a) op(b) + beta c; 0, or -1 (out of memory). */
JK_EXPORT jint JNICALL JK_NAME(sgemmPacked)(JNIEnv *env, jclass cls, jboolean trans_a, jint m, jint n, jint k,
                                            jfloat alpha, jlong a, jint lda, jlong packed, jfloat beta, jlong c,
                                            jint ldc) {
    (void) env;
    (void) cls;
    return jk_sgemm_ftz(trans_a, 0, m, n, k, alpha, JK_F(a), lda, NULL, 0, JK_F(packed), beta, JK_F(c), ldc);
}

/* The constants NativeSgemm mirrors in Java (PANEL, PACK_B_ROWS), for its test to hold them equal. */
JK_EXPORT jint JNICALL JK_NAME(panelColumns)(JNIEnv *env, jclass cls) {
    (void) env;
    (void) cls;
    return NR;
}

JK_EXPORT jint JNICALL JK_NAME(packBRows)(JNIEnv *env, jclass cls) {
    (void) env;
    (void) cls;
    return JK_PACK_B_ROWS;
}
