// The pixel loop of a whole-image pass (reductions, histograms): the image read as a linear buffer
// of n pixels. CHUNKED (CPU devices, one item per group; the host defines it): each work item takes
// one contiguous chunk. Otherwise a grid stride, so that neighbouring items read neighbouring
// pixels (coalesced on GPUs).
#if CHUNKED
#define FOR_EACH_PIXEL(i, n)                                                              \
  const size_t per_item_ = ((size_t)(n) + get_global_size(0) - 1) / get_global_size(0); \
  const size_t begin_ = get_global_id(0) * per_item_;                                  \
  const size_t end_ = min(begin_ + per_item_, (size_t)(n));                            \
  for (size_t i = begin_; i < end_; i++)
#else
#define FOR_EACH_PIXEL(i, n) \
  for (size_t i = get_global_id(0); i < (size_t)(n); i += get_global_size(0))
#endif
