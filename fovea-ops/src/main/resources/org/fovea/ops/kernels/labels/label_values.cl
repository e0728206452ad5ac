// Flags from a user-given vector of values per label (see label_edit.cl); define VALUES_T.

// flags[l] |= 2 where values[l] lies outside [lo, hi] (within != 0: inside it).
__kernel void flag_values(__global const VALUES_T* values, __global uint* flags, const uint nl,
                          const float lo, const float hi, const int within) {
  const uint l = get_global_id(0);
  if (l >= nl) return;
  const float v = (float)values[l];
  const bool inside = v >= lo && v <= hi;
  if (within ? inside : !inside) flags[l] |= 2u;
}

// flags[l] |= 2 where flaglist[l] != 0 (an image given by the user).
__kernel void flag_from_image(__global const VALUES_T* values, __global uint* flags, const uint nl,
                              const uint nv) {
  const uint l = get_global_id(0);
  if (l >= nl) return;
  if (l < nv && values[l] != 0) flags[l] |= 2u;
}
