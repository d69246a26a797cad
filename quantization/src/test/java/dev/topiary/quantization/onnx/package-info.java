/** Tests of the ONNX (QDQ) export of int8 models, checked by ONNX Runtime, and the int8 engines benchmark. */
package dev.topiary.quantization.onnx;
