// Prepended to every Fovea kernel after the generated type defines.
// Images are linear buffers, x fastest: index = x + width * (y + height * z).
#define FOVEA_IDX(x, y, z, w, h) ((size_t)(x) + (size_t)(w) * ((size_t)(y) + (size_t)(h) * (size_t)(z)))
#define FOVEA_CLAMP_I(v, lo, hi) min(max((int)(v), (int)(lo)), (int)(hi))
