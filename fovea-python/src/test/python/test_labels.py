"""pyclesperanto's label names against SciPy. Their ops come with the labels work (issue 11): each
test runs as soon as its op is in the registry and is skipped, saying so, before."""

import numpy as np
import pytest
from scipy import ndimage as ndi

import fovea


def _needs(name):
    return pytest.mark.skipif(name in fovea.missing_aliases(),
                              reason=fovea.missing_aliases().get(name, ""))


def _blobs(rng, shape, n, p=0.08):
    m = ndi.binary_dilation(rng.random(shape) < p / 8, iterations=1)
    return m.astype(np.uint8)


def _same_partition(ours, ref):
    """Same objects, possibly numbered differently: a one-to-one map between the label sets."""
    assert ours.shape == ref.shape
    assert np.array_equal(ours == 0, ref == 0), "background differs"
    fg = ref != 0
    pairs = np.unique(np.stack([ours[fg].astype(np.int64), ref[fg].astype(np.int64)]), axis=1)
    assert pairs.shape[1] == len(np.unique(ours[fg])) == len(np.unique(ref[fg])), (
        "labels split or merged: %d pairs for %d/%d labels" % (
            pairs.shape[1], len(np.unique(ours[fg])), len(np.unique(ref[fg]))))


@_needs("connected_components_labeling_box")
@pytest.mark.parametrize("shape", [(33, 41), (9, 27, 31)])
def test_connected_components_labeling_box_matches_scipy_label(shape, rng):
    m = _blobs(rng, shape, 20)
    ours = fovea.pull(fovea.connected_components_labeling_box(m))
    ref, n = ndi.label(m, structure=np.ones((3,) * m.ndim))
    assert ours.dtype == np.uint32
    _same_partition(ours, ref)
    assert sorted(np.unique(ours[ours != 0])) == list(range(1, n + 1))  # sequential, as CLIJ2


@_needs("statistics_of_labelled_pixels")
def test_statistics_of_labelled_pixels_matches_scipy(rng):
    shape = (7, 19, 23)
    labels, n = ndi.label(_blobs(rng, shape, 15), structure=np.ones((3, 3, 3)))
    labels = labels.astype(np.uint32)
    intensity = (rng.random(shape) * 100).astype(np.float32)
    stats = fovea.statistics_of_labelled_pixels(intensity, labels)
    assert isinstance(stats, dict) and all(isinstance(v, np.ndarray) for v in stats.values())

    def col(*names):
        for k in names:
            if k in stats:
                return np.asarray(stats[k], np.float64)
        raise AssertionError("none of the columns %s in %s" % (names, sorted(stats)))

    ids = np.arange(1, n + 1)
    if "label" in stats or "identifier" in stats:
        got = col("label", "identifier")
        keep = got > 0  # a background row (label 0) may come first, as in CLIJ2
        ids_got = got[keep].astype(int)
        assert list(ids_got) == list(ids)
    else:
        keep = slice(None) if len(next(iter(stats.values()))) == n else slice(1, None)
    idx = ids
    checks = [
        (("area", "pixel_count", "count"), ndi.sum_labels(np.ones(shape), labels, idx)),
        (("sum_intensity", "total_intensity"), ndi.sum_labels(intensity.astype(np.float64),
                                                            labels, idx)),
        (("mean_intensity",), ndi.mean(intensity.astype(np.float64), labels, idx)),
        (("max_intensity", "maximum_intensity"), ndi.maximum(intensity, labels, idx)),
        (("min_intensity", "minimum_intensity"), ndi.minimum(intensity, labels, idx)),
    ]
    for names, ref in checks:
        got = col(*names)[keep]
        np.testing.assert_allclose(got, ref, rtol=1e-5, atol=1e-3, err_msg=str(names))


@_needs("voronoi_otsu_labeling")
def test_voronoi_otsu_labeling_gives_one_label_per_nucleus(rng):
    shape = (64, 72)
    centres = [(14, 15), (16, 52), (47, 20), (50, 55)]
    yy, xx = np.mgrid[:shape[0], :shape[1]]
    img = np.full(shape, 10, np.float32)
    for cy, cx in centres:
        img += 200 * np.exp(-((yy - cy) ** 2 + (xx - cx) ** 2) / (2 * 4.0 ** 2))
    img += rng.normal(0, 1, shape).astype(np.float32)
    ours = fovea.pull(fovea.voronoi_otsu_labeling(img, spot_sigma=2, outline_sigma=2))
    assert ours.dtype == np.uint32
    at_centres = [int(ours[c]) for c in centres]
    assert 0 not in at_centres and len(set(at_centres)) == 4
    assert len(np.unique(ours[ours != 0])) == 4
    # the foreground is SciPy's Otsu mask of the outline-blurred image, up to its border pixels
    blurred = ndi.gaussian_filter(img, 2, truncate=4, mode="nearest")
    core = blurred > 0.5 * (blurred.max() + np.median(blurred))
    assert np.all(ours[core] != 0) and np.all(ours[blurred < 12] == 0)
    # each label is one connected object around its own centre
    for c, v in zip(centres, at_centres):
        lab, _ = ndi.label(ours == v)
        assert lab[c] != 0 and lab.max() == 1
