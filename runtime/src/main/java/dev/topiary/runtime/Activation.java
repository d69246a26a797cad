package dev.topiary.runtime;

/**
 * An element-wise (or, for softmax, row-wise) activation with DL4J's definitions.
 *
 * @param function which function
 * @param alpha the slope of leaky ReLU for negative inputs, or the scale of ELU; 0 for the others
 */
public record Activation(Function function, float alpha) {

  /** The activation functions the runtime runs. */
  public enum Function {
    /** {@code x}. */
    IDENTITY(0),
    /** {@code max(0, x)}. */
    RELU(1),
    /** {@code x} for {@code x >= 0}, else {@code alpha * x}. */
    LEAKY_RELU(2),
    /** {@code x} for {@code x > 0}, else {@code alpha * (exp(x) - 1)}. */
    ELU(3),
    /** {@code tanh(x)}. */
    TANH(4),
    /** {@code 1 / (1 + exp(-x))}. */
    SIGMOID(5),
    /** {@code exp(x_i - max) / sum_j exp(x_j - max)} over one example's values. */
    SOFTMAX(6);

    private final int code;

    Function(int code) {
      this.code = code;
    }

    /** The number that stands for this function in a {@code .tpm} file. */
    public int code() {
      return code;
    }

    /** The function of a file code, or null if none has it. */
    static Function ofCode(int code) {
      for (Function f : values()) {
        if (f.code == code) {
          return f;
        }
      }
      return null;
    }
  }

  /** {@code x}. */
  public static final Activation IDENTITY = new Activation(Function.IDENTITY, 0f);
  /** {@code max(0, x)}. */
  public static final Activation RELU = new Activation(Function.RELU, 0f);
  /** {@code tanh(x)}. */
  public static final Activation TANH = new Activation(Function.TANH, 0f);
  /** The logistic function. */
  public static final Activation SIGMOID = new Activation(Function.SIGMOID, 0f);
  /** Softmax over each example. */
  public static final Activation SOFTMAX = new Activation(Function.SOFTMAX, 0f);

  /** Validates: function given, alpha finite, and 0 for functions without a parameter. */
  public Activation {
    if (function == null) {
      throw new IllegalArgumentException("activation function must not be null");
    }
    if (!Float.isFinite(alpha)) {
      throw new IllegalArgumentException("activation alpha must be finite, got " + alpha);
    }
    if (function != Function.LEAKY_RELU && function != Function.ELU && alpha != 0f) {
      throw new IllegalArgumentException(function + " takes no alpha, got " + alpha);
    }
  }

  /** Leaky ReLU with slope {@code alpha} for negative inputs (DL4J's default is 0.01). */
  public static Activation leakyRelu(float alpha) {
    return new Activation(Function.LEAKY_RELU, alpha);
  }

  /** ELU with scale {@code alpha} (DL4J's default is 1). */
  public static Activation elu(float alpha) {
    return new Activation(Function.ELU, alpha);
  }

  /** Applies the activation in place to {@code length} values from {@code from}, in rows of {@code rowLength}. */
  void apply(float[] data, int from, int length, int rowLength) {
    int end = from + length;
    switch (function) {
      case IDENTITY -> { }
      case RELU -> {
        for (int i = from; i < end; i++) {
          data[i] = Math.max(data[i], 0f);
        }
      }
      case LEAKY_RELU -> {
        float a = alpha;
        for (int i = from; i < end; i++) {
          float x = data[i];
          data[i] = x < 0f ? a * x : x;
        }
      }
      case ELU -> {
        for (int i = from; i < end; i++) {
          float x = data[i];
          data[i] = x > 0f ? x : (float) (alpha * Math.expm1(x));
        }
      }
      case TANH -> {
        for (int i = from; i < end; i++) {
          data[i] = (float) Math.tanh(data[i]);
        }
      }
      case SIGMOID -> {
        for (int i = from; i < end; i++) {
          data[i] = (float) (1.0 / (1.0 + Math.exp(-data[i])));
        }
      }
      case SOFTMAX -> {
        for (int row = from; row < end; row += rowLength) {
          float max = Float.NEGATIVE_INFINITY;
          for (int i = row; i < row + rowLength; i++) {
            max = Math.max(max, data[i]);
          }
          double sum = 0;
          for (int i = row; i < row + rowLength; i++) {
            double e = Math.exp(data[i] - max);
            data[i] = (float) e;
            sum += e;
          }
          float inverse = (float) (1.0 / sum);
          for (int i = row; i < row + rowLength; i++) {
            data[i] *= inverse;
          }
        }
      }
      default -> throw new IllegalStateException("unhandled activation " + function);
    }
  }

  @Override
  public String toString() {
    return switch (function) {
      case LEAKY_RELU, ELU -> function.name().toLowerCase() + "(" + alpha + ")";
      default -> function.name().toLowerCase();
    };
  }
}
