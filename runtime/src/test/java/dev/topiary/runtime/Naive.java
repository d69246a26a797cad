package dev.topiary.runtime;

import java.util.Random;

/** Textbook forward passes (no tiling, no im2col) that the runtime's kernels are checked against. */
final class Naive {

  private Naive() {}

  static float[] random(Random random, int n, double zeroShare) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = random.nextDouble() < zeroShare ? 0f : (float) random.nextGaussian() * 0.5f;
    }
    return v;
  }

  /** y[r][o] = b[o] + sum_i w[o][i] x[r][i]. */
  static float[] dense(float[] x, int rows, int in, int out, float[] w, float[] b) {
    float[] y = new float[rows * out];
    for (int r = 0; r < rows; r++) {
      for (int o = 0; o < out; o++) {
        double s = b[o];
        for (int i = 0; i < in; i++) {
          s += (double) w[o * in + i] * x[r * in + i];
        }
        y[r * out + o] = (float) s;
      }
    }
    return y;
  }

  static float[] conv(float[] x, int rows, int c, int h, int wd, int oc, Window win, float[] w, float[] b) {
    int kh = win.kernelHeight();
    int kw = win.kernelWidth();
    int oh = (h + win.padTop() + win.padBottom() - kh) / win.strideHeight() + 1;
    int ow = (wd + win.padLeft() + win.padRight() - kw) / win.strideWidth() + 1;
    float[] y = new float[rows * oc * oh * ow];
    for (int r = 0; r < rows; r++) {
      for (int o = 0; o < oc; o++) {
        for (int oy = 0; oy < oh; oy++) {
          for (int ox = 0; ox < ow; ox++) {
            double s = b[o];
            for (int ci = 0; ci < c; ci++) {
              for (int i = 0; i < kh; i++) {
                for (int j = 0; j < kw; j++) {
                  int iy = oy * win.strideHeight() - win.padTop() + i;
                  int ix = ox * win.strideWidth() - win.padLeft() + j;
                  if (iy >= 0 && iy < h && ix >= 0 && ix < wd) {
                    s += (double) w[((o * c + ci) * kh + i) * kw + j] * x[r * c * h * wd + (ci * h + iy) * wd + ix];
                  }
                }
              }
            }
            y[((r * oc + o) * oh + oy) * ow + ox] = (float) s;
          }
        }
      }
    }
    return y;
  }

  static float[] pool(float[] x, int rows, int c, int h, int wd, Window win, boolean max, boolean includePad) {
    int kh = win.kernelHeight();
    int kw = win.kernelWidth();
    int oh = (h + win.padTop() + win.padBottom() - kh) / win.strideHeight() + 1;
    int ow = (wd + win.padLeft() + win.padRight() - kw) / win.strideWidth() + 1;
    float[] y = new float[rows * c * oh * ow];
    int k = 0;
    for (int r = 0; r < rows; r++) {
      for (int ci = 0; ci < c; ci++) {
        for (int oy = 0; oy < oh; oy++) {
          for (int ox = 0; ox < ow; ox++) {
            double best = Double.NEGATIVE_INFINITY;
            double sum = 0;
            int count = 0;
            for (int i = 0; i < kh; i++) {
              for (int j = 0; j < kw; j++) {
                int iy = oy * win.strideHeight() - win.padTop() + i;
                int ix = ox * win.strideWidth() - win.padLeft() + j;
                if (iy >= 0 && iy < h && ix >= 0 && ix < wd) {
                  float v = x[r * c * h * wd + (ci * h + iy) * wd + ix];
                  best = Math.max(best, v);
                  sum += v;
                  count++;
                }
              }
            }
            y[k++] = (float) (max ? best : sum / (includePad ? kh * kw : count));
          }
        }
      }
    }
    return y;
  }

  static float[] softmax(float[] x, int rows, int n) {
    float[] y = new float[x.length];
    for (int r = 0; r < rows; r++) {
      double max = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < n; i++) {
        max = Math.max(max, x[r * n + i]);
      }
      double sum = 0;
      for (int i = 0; i < n; i++) {
        sum += Math.exp(x[r * n + i] - max);
      }
      for (int i = 0; i < n; i++) {
        y[r * n + i] = (float) (Math.exp(x[r * n + i] - max) / sum);
      }
    }
    return y;
  }
}
