/* Shared by the stub libraries: the kernel structs, written out again from the C side (so the
 * argument layouts the stubs read are the C compiler's, not the Java table's). */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define JK_MAX_RANK 6
typedef struct { int rank; int dims[JK_MAX_RANK]; int a_strides[JK_MAX_RANK]; int b_strides[JK_MAX_RANK]; } jk_broadcast;
typedef struct { int rank; int in_dims[JK_MAX_RANK]; int perm[JK_MAX_RANK]; } jk_transpose;
typedef struct {
    int batch, in_h, in_w, in_c, out_h, out_w, out_c, k_h, k_w, stride_h, stride_w, pad_top, pad_left, dil_h, dil_w;
} jk_conv2d;
