"""pyclesperanto's names for Fovea's ops, as data.

Each entry: pyclesperanto name -> {"op": Fovea op name, or {2: op for 2D input, 3: op for 3D
input}, "renames": {pyclesperanto keyword: Fovea keyword}, "result": "columns" for a table returned
as a dict of numpy columns}. An entry whose op is not in this Fovea's registry is left out of the
module (``fovea.<name>`` then raises an AttributeError that says so): adding the op to the Java
catalog is enough to make the name appear.

Besides these, every op is also available under its own snake_case name (``gaussian_blur3d``,
``maximum_z_projection``, ...), and pyclesperanto's keyword names ``source``/``destination``,
``input_image``/``output_image``, ``source1``/``source2`` ... are accepted everywhere.
"""

_SIGMA_RENAMES = {
    "sigma1_x": "sigma1x",
    "sigma1_y": "sigma1y",
    "sigma1_z": "sigma1z",
    "sigma2_x": "sigma2x",
    "sigma2_y": "sigma2y",
    "sigma2_z": "sigma2z",
}

ALIASES = {
    # filters: the 3D ops take 2D images too
    "gaussian_blur": {"op": "gaussianBlur3D"},
    "difference_of_gaussian": {"op": "differenceOfGaussian3D", "renames": _SIGMA_RENAMES},
    "mean_box": {"op": "mean3DBox"},
    "mean_sphere": {"op": "mean3DSphere"},
    "maximum_box": {"op": "maximum3DBox"},
    "maximum_sphere": {"op": "maximum3DSphere"},
    "minimum_box": {"op": "minimum3DBox"},
    "minimum_sphere": {"op": "minimum3DSphere"},
    "median_box": {"op": "median3DBox"},
    "median_sphere": {"op": "median3DSphere"},
    "top_hat_box": {"op": "topHatBox"},
    "top_hat_sphere": {"op": "topHatSphere"},
    "erode_box": {"op": "erodeBox"},
    "erode_sphere": {"op": "erodeSphere"},
    "dilate_box": {"op": "dilateBox"},
    "dilate_sphere": {"op": "dilateSphere"},
    # 2D and 3D ops behind one name
    "detect_maxima_box": {"op": {2: "detectMaxima2DBox", 3: "detectMaxima3DBox"}},
    "flip": {"op": {2: "flip2D", 3: "flip3D"}},
    # projections and reductions
    "maximum_z_projection": {"op": "maximumZProjection"},
    "minimum_z_projection": {"op": "minimumZProjection"},
    "mean_z_projection": {"op": "meanZProjection"},
    "sum_z_projection": {"op": "sumZProjection"},
    "standard_deviation_z_projection": {"op": "standardDeviationZProjection"},
    "maximum_x_projection": {"op": "maximumXProjection"},
    "maximum_y_projection": {"op": "maximumYProjection"},
    "sum_of_all_pixels": {"op": "sumOfAllPixels"},
    "mean_of_all_pixels": {"op": "meanOfAllPixels"},
    "maximum_of_all_pixels": {"op": "maximumOfAllPixels"},
    "minimum_of_all_pixels": {"op": "minimumOfAllPixels"},
    "count_non_zero_pixels": {"op": "countNonZeroPixels"},
    "bounding_box": {"op": "boundingBox"},
    # thresholds and logic
    "threshold_otsu": {"op": "thresholdOtsu"},
    "greater_or_equal_constant": {"op": "greaterOrEqualConstant"},
    "binary_and": {"op": "binaryAnd"},
    "binary_or": {"op": "binaryOr"},
    "binary_xor": {"op": "binaryXOr"},
    "binary_not": {"op": "binaryNot"},
    # arithmetic
    "add_images": {"op": "addImages"},
    "subtract_images": {"op": "subtractImages"},
    "multiply_images": {"op": "multiplyImages"},
    "add_image_and_scalar": {"op": "addImageAndScalar"},
    "multiply_image_and_scalar": {"op": "multiplyImageAndScalar"},
    "maximum_images": {"op": "maximumImages"},
    "minimum_images": {"op": "minimumImages"},
    "maximum_image_and_scalar": {"op": "maximumImageAndScalar"},
    "minimum_image_and_scalar": {"op": "minimumImageAndScalar"},
    "absolute": {"op": "absolute"},
    "power": {"op": "power"},
    "copy": {"op": "copy"},
    # geometry
    "rotate_clockwise": {"op": "rotateClockwise"},
    "rotate_counter_clockwise": {"op": "rotateCounterClockwise"},
    "reslice_top": {"op": "resliceTop"},
    "reslice_bottom": {"op": "resliceBottom"},
    "reslice_left": {"op": "resliceLeft"},
    "reslice_right": {"op": "resliceRight"},
    "reslice_radial": {"op": "resliceRadial"},
    # labels (issue 11)
    "connected_components_labeling_box": {"op": "connectedComponentsLabelingBox"},
    "voronoi_otsu_labeling": {"op": "voronoiOtsuLabeling"},
    "statistics_of_labelled_pixels": {
        "op": "statisticsOfLabelledPixels",
        "result": "columns",
        # pyclesperanto's keys for CLIJ2's columns; every column is also there under CLIJ2's
        # name in snake_case (identifier, pixel_count, minimum_intensity, ...)
        "columns": {
            "identifier": "label",
            "pixel_count": "area",
            "minimum_intensity": "min_intensity",
            "maximum_intensity": "max_intensity",
            "bounding_box_x": "bbox_min_x",
            "bounding_box_y": "bbox_min_y",
            "bounding_box_z": "bbox_min_z",
            "bounding_box_end_x": "bbox_max_x",
            "bounding_box_end_y": "bbox_max_y",
            "bounding_box_end_z": "bbox_max_z",
            "bounding_box_width": "bbox_width",
            "bounding_box_height": "bbox_height",
            "bounding_box_depth": "bbox_depth",
        },
    },
}


def ops_of(entry):
    """The Fovea op names an alias entry needs."""
    op = entry["op"]
    return sorted(set(op.values())) if isinstance(op, dict) else [op]
