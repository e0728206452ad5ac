// Spot counting on the GPU with Fovea, as an ImageJ macro. Runs in Fiji (Plugins > Macros > Run...)
// or headless:
//   ./fovea macro examples/count-spots.ijm                 12 spots, seed 1
//   ./fovea macro examples/count-spots.ijm spots=16 seed=3 device=cpu
// It makes a 64×64×16 stack with spots (Gaussian-like blobs on a noisy background), blurs it,
// thresholds it (Otsu), keeps the local maxima inside the mask and counts them.

args = getArgument();
n = parseInt(option(args, "spots", "12"));
seed = parseInt(option(args, "seed", "1"));
device = option(args, "device", "");
if (n < 1 || n > 16) exit("spots must be between 1 and 16, got " + n);

// ---- a synthetic stack: background 100 with noise, n blobs on a 4×4 grid (they never touch)
w = 64; h = 64; d = 16;
random("seed", seed);
newImage("stack", "16-bit black", w, h, d);
for (z = 1; z <= d; z++) {
  setSlice(z);
  for (y = 0; y < h; y++)
    for (x = 0; x < w; x++)
      setPixel(x, y, 100 + 5 * random("gaussian"));
}
cells = newArray(16);
for (i = 0; i < 16; i++) cells[i] = i;
for (i = 15; i > 0; i--) { // shuffle the grid cells
  j = floor(random * (i + 1));
  t = cells[i]; cells[i] = cells[j]; cells[j] = t;
}
for (i = 0; i < n; i++) {
  cx = 8 + 16 * (cells[i] % 4);
  cy = 8 + 16 * floor(cells[i] / 4);
  cz = 5 + floor(random * (d - 10));
  for (dz = -3; dz <= 3; dz++) {
    setSlice(cz + dz + 1);
    for (r = 5; r >= 0; r--) {
      setColor(100 + 400 * exp(-(r * r + 4 * dz * dz) / 8));
      fillOval(cx - r, cy - r, 2 * r + 1, 2 * r + 1);
    }
  }
}

// ---- the analysis on the GPU
run("Fovea Macro Extensions", "device=[" + device + "]");
Ext.Fovea_push("stack");
Ext.Fovea_gaussianBlur3D("stack", "blurred", 2, 2, 1);
Ext.Fovea_automaticThreshold("blurred", "mask", "Otsu");
Ext.Fovea_detectMaxima3DBox("blurred", "maxima", 3, 3, 2);
Ext.Fovea_binaryAnd("maxima", "mask", "spots");
Ext.Fovea_countNonZeroPixels("spots", count);
print("planted spots: " + n);
print("spots: " + count);
Ext.Fovea_clear();

// "key=value" from the macro's argument, or def
function option(args, key, def) {
  parts = split(args, " ");
  for (i = 0; i < parts.length; i++) {
    if (startsWith(parts[i], key + "=")) return substring(parts[i], lengthOf(key) + 1);
  }
  return def;
}
