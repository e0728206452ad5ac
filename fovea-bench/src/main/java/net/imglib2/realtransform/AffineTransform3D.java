package net.imglib2.realtransform;

/**
 * Stand-in for imglib2-realtransform's class of this name (not on Maven Central): the few members
 * CLIJ2 2.5.3.1's affine, translate and rotate plugins call, written from imglib2's documented
 * semantics (a 3×4 row-major matrix; translate/rotate/scale pre-concatenate, concatenate
 * post-concatenates). Only the CLIJ2 parity tests use it.
 */
public class AffineTransform3D {
  /** Row-major 3×4: x' = m[0..2]·x + m[3], etc. */
  final double[][] m = {{1, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 1, 0}};

  public double get(int row, int column) {
    return m[row][column];
  }

  public void set(double value, int row, int column) {
    m[row][column] = value;
  }

  public void set(double... rowPacked) {
    for (int i = 0; i < 12; i++) m[i / 4][i % 4] = rowPacked[i];
  }

  /** this = translation · this */
  public void translate(double... t) {
    for (int r = 0; r < 3; r++) m[r][3] += t[r];
  }

  /** this = scale · this */
  public void scale(double s) {
    scale(s, s, s);
  }

  public void scale(double sx, double sy, double sz) {
    double[] s = {sx, sy, sz};
    for (int r = 0; r < 3; r++) for (int c = 0; c < 4; c++) m[r][c] *= s[r];
  }

  /** this = rotation about axis (0 = x, 1 = y, 2 = z) by angle (radians) · this */
  public void rotate(int axis, double angle) {
    int a = (axis + 1) % 3;
    int b = (axis + 2) % 3;
    double c = Math.cos(angle);
    double s = Math.sin(angle);
    for (int col = 0; col < 4; col++) {
      double va = m[a][col];
      double vb = m[b][col];
      m[a][col] = c * va - s * vb;
      m[b][col] = s * va + c * vb;
    }
  }

  /** this = this · other (other applies first); returns this. */
  public AffineTransform3D concatenate(AffineTransform3D o) {
    double[][] r = new double[3][4];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 4; j++) {
        double v = j == 3 ? m[i][3] : 0;
        for (int k = 0; k < 3; k++) v += m[i][k] * o.m[k][j];
        r[i][j] = v;
      }
    }
    for (int i = 0; i < 3; i++) System.arraycopy(r[i], 0, m[i], 0, 4);
    return this;
  }
}
