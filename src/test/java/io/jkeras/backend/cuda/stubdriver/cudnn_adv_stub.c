/* A stand-in for cuDNN 9's libcudnn_adv.so.9, which the JNI glue needs loaded (RNN, attention,
 * CTC: nothing jkeras calls) besides its version check. */
#include "cudnn_stub.h"
int cudnnAdvVersionCheck(void) { return getenv("STUB_CUDNN_SUBLIB_MISMATCH") ? ST_SUBLIBRARY_MISMATCH : ST_OK; }
