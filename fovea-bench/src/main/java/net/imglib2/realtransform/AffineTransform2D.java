package net.imglib2.realtransform;

/**
 * Stand-in for imglib2-realtransform's class of this name (not on Maven Central): the members CLIJ2
 * 2.5.3.1's 2D affine and translate plugins call, written from imglib2's documented semantics (a
 * 2×3 row-major matrix; translate/rotate/scale pre-concatenate, concatenate post-concatenates).
 * Only the CLIJ2 parity tests use it.
 */
public class AffineTransform2D {
  /** Row-major 2×3. */
  final double[][] m = {{1, 0, 0}, {0, 1, 0}};

  public double get(int row, int column) {
    return m[row][column];
  }

  public void set(double value, int row, int column) {
    m[row][column] = value;
  }

  public void set(double... rowPacked) {
    for (int i = 0; i < 6; i++) m[i / 3][i % 3] = rowPacked[i];
  }

  public void translate(double... t) {
    m[0][2] += t[0];
    m[1][2] += t[1];
  }

  public void scale(double s) {
    scale(s, s);
  }

  public void scale(double sx, double sy) {
    for (int c = 0; c < 3; c++) {
      m[0][c] *= sx;
      m[1][c] *= sy;
    }
  }

  /** this = rotation by angle (radians; x towards y) · this */
  public void rotate(double angle) {
    double c = Math.cos(angle);
    double s = Math.sin(angle);
    for (int col = 0; col < 3; col++) {
      double a = m[0][col];
      double b = m[1][col];
      m[0][col] = c * a - s * b;
      m[1][col] = s * a + c * b;
    }
  }

  /** this = this · other (other applies first); returns this. */
  public AffineTransform2D concatenate(AffineTransform2D o) {
    double[][] r = new double[2][3];
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < 3; j++) {
        double v = j == 2 ? m[i][2] : 0;
        for (int k = 0; k < 2; k++) v += m[i][k] * o.m[k][j];
        r[i][j] = v;
      }
    }
    for (int i = 0; i < 2; i++) System.arraycopy(r[i], 0, m[i], 0, 3);
    return this;
  }
}
