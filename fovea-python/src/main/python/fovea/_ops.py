"""Python functions generated at import time from Fovea's op descriptors (org.fovea.ops.OpRegistry)."""

import inspect
import re

import jpype
import numpy as np

from ._errors import FoveaError, InvalidArgument, java_errors
from ._image import Image, _as_array, _j, create, get_device, pull, push


def snake_case(name):
    """CLIJ2 name -> Python name: gaussianBlur3D -> gaussian_blur3d, mean2DBox -> mean2d_box,
    thresholdIJ_IsoData -> threshold_ij_iso_data, sigmaX -> sigma_x."""
    s = re.sub(r"(\d)D(?![a-z])", r"\1d", name)
    s = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", s)
    s = re.sub(r"([a-z\d])([A-Z])", r"\1_\2", s)
    return re.sub(r"_+", "_", s).lower()


class _Required:
    def __repr__(self):
        return "<required>"


REQUIRED = _Required()

# pyclesperanto's keyword names, accepted wherever the function has no parameter of that name:
# role -> index among the op's images of that role
KEYWORD_SYNONYMS = {
    "source": ("in", 0),
    "input_image": ("in", 0),
    "input": ("in", 0),
    "image": ("in", 0),
    "source1": ("in", 0),
    "input_image0": ("in", 0),
    "input_image1": ("in", 1),
    "operand1": ("in", 0),
    "summand1": ("in", 0),
    "factor1_image": ("in", 0),
    "minuend": ("in", 0),
    "source2": ("in", 1),
    "operand2": ("in", 1),
    "summand2": ("in", 1),
    "subtrahend": ("in", 1),
    "intensity_image": ("in", 0),
    "label_image": ("in", 1),
    "destination": ("out", 0),
    "output_image": ("out", 0),
    "output": ("out", 0),
}


def _parse_default(text, jtype):
    t = str(jtype.getName())
    if text == "":
        return REQUIRED
    if t in ("float", "double", "java.lang.Float", "java.lang.Double"):
        return float(text)
    if t in ("int", "long", "java.lang.Integer", "java.lang.Long"):
        return int(float(text))
    if t in ("boolean", "java.lang.Boolean"):
        return text.strip().lower() in ("true", "1", "yes")
    return text


class OpSpec:
    """What Python knows of one op: its descriptor, turned into Python names and defaults."""

    def __init__(self, d):
        self.descriptor = d
        self.name = str(d.name())
        self.pyname = snake_case(self.name)
        self.doc = str(d.doc())
        self.dims = tuple(int(x) for x in d.dimensions())
        self.result_names = [str(x) for x in d.resultNames()]
        self.return_type = str(d.returnType().getName())
        self.params = []  # (pyname, role, default, doc, typename)
        for p in d.params():
            role = str(p.role().name())
            if role == "SCALAR":
                default = _parse_default(str(p.defaultValue()), p.javaType())
            elif role == "OUTPUT_IMAGE":
                default = None
            else:
                default = REQUIRED
            self.params.append((snake_case(str(p.name())), role, default, str(p.doc()),
                                str(p.typeName()), str(p.outType())))
        self.inputs = [p[0] for p in self.params if p[1] == "INPUT_IMAGE"]
        self.outputs = [p[0] for p in self.params if p[1] == "OUTPUT_IMAGE"]

    def signature(self):
        ps = []
        seen_default = False
        for name, role, default, *_ in self.params:
            if default is REQUIRED and not seen_default:
                ps.append(inspect.Parameter(name, inspect.Parameter.POSITIONAL_OR_KEYWORD))
            else:
                seen_default = True
                ps.append(inspect.Parameter(name, inspect.Parameter.POSITIONAL_OR_KEYWORD,
                                            default=default))
        return inspect.Signature(ps)

    def docstring(self, alias_of=None):
        d = self.descriptor
        lines = [self.doc, ""]
        if alias_of:
            lines += ["pyclesperanto's name for Fovea's ``%s`` (%s)." % (self.pyname, alias_of), ""]
        lines.append("Fovea op ``%s`` (%s, %s). Images may be numpy arrays (pushed for the call) "
                     "or fovea.Image; an output given as None is allocated and returned."
                     % (self.name, str(d.category().title()), str(d.dimensionsLabel())))
        lines += ["", "Parameters", "----------"]
        for name, role, default, doc, typename, out_type in self.params:
            if role == "INPUT_IMAGE":
                kind = "image (numpy array or fovea.Image)"
            elif role == "OUTPUT_IMAGE":
                kind = "image, optional (fovea.Image or numpy array to fill; None = new%s)" % (
                    ", " + out_type if out_type and out_type != "same" else "")
            else:
                kind = typename + ("" if default is REQUIRED else ", default %r" % (default,))
            lines.append("%s : %s" % (name, kind))
            if doc:
                lines.append("    " + doc)
        lines += ["", "Returns", "-------"]
        if self.return_type.endswith("GpuImage"):
            lines.append("fovea.Image (or the numpy array given as output)")
        elif self.result_names:
            lines.append("list: " + ", ".join(self.result_names))
        else:
            lines.append(self.return_type)
        for label, text in (("Tolerance against the CPU reference", str(d.tolerance())),
                            ("Border", str(d.border())), ("ImageJ", str(d.imagej())),
                            ("Notes", str(d.notes()))):
            if text:
                lines += ["", label + ": " + text]
        return "\n".join(lines)


def _jbox(v):
    if v is None:
        return None
    if isinstance(v, (bool, np.bool_)):
        return jpype.JObject(bool(v), jpype.JBoolean)
    if isinstance(v, (int, np.integer)):
        return jpype.JObject(int(v), jpype.JLong)
    if isinstance(v, (float, np.floating)):
        return jpype.JObject(float(v), jpype.JDouble)
    return jpype.JString(str(v))


def to_python(value, result_names=()):
    """A Java result as Python: GpuImage -> Image, numbers -> int/float, double[] -> list,
    tables (Map, double[][] with column names) -> dict of numpy columns."""
    if value is None:
        return None
    if isinstance(value, _j("java.lang.Number")):  # boxed results of invoke (also float/int)
        if isinstance(value, (_j("java.lang.Double"), _j("java.lang.Float"))):
            return float(value.doubleValue())
        return int(value.longValue())
    if isinstance(value, _j("java.lang.Boolean")):
        return bool(value.booleanValue())
    if isinstance(value, (bool, int, float, str)):
        return value
    GpuImage = _j("org.fovea.core.GpuImage")
    if isinstance(value, GpuImage):
        return Image(value)
    if isinstance(value, jpype.JString):
        return str(value)
    if isinstance(value, jpype.JBoolean):
        return bool(value)
    if isinstance(value, jpype.JArray):
        a = np.asarray(value)
        if a.ndim == 2 and result_names:
            names = [snake_case(n) for n in result_names]
            if a.shape[0] == len(names):
                return {n: np.array(a[i]) for i, n in enumerate(names)}
            if a.shape[1] == len(names):
                return {n: np.array(a[:, i]) for i, n in enumerate(names)}
        if a.ndim == 1:
            return [x.item() for x in a]
        return a
    if isinstance(value, _j("java.util.Map")):
        out = {}
        for e in value.entrySet():
            v = to_python(e.getValue())
            if isinstance(v, list):
                v = np.asarray(v)
            out[snake_case(str(e.getKey())).lower()] = v
        return out
    if hasattr(value, "columnNames") and hasattr(value, "toArray"):
        # a table (e.g. LabelStatistics): one numpy column per column name
        names = [str(n) for n in value.columnNames()]
        rows = np.array([np.asarray(r, dtype=np.float64) for r in value.toArray()],
                        dtype=np.float64).reshape(-1, len(names))
        return {snake_case(n).lower(): rows[:, i].copy() for i, n in enumerate(names)}
    for m in ("toMap", "asMap"):
        if hasattr(value, m):
            return to_python(getattr(value, m)(), result_names)
    return value


def _device_for(spec, bound):
    for n in spec.inputs:
        v = bound.get(n)
        if isinstance(v, Image):
            return v._j.gpu()
    return get_device()


def call_op(spec, bound, lenient=False):
    """Calls the op with Python arguments (by Python parameter name); pushes numpy inputs and
    closes them afterwards."""
    args = []
    temps = []
    fill = []  # (numpy array given as output, Image holding the result)
    given = {}
    # an op without output image nor result (set, setRandom, drawBox, ...) changes its input
    # images in place: a numpy array passed for one gets the new pixels back, as CLIJ2 users expect
    in_place = spec.return_type == "void" and not any(p[1] == "OUTPUT_IMAGE" for p in spec.params)
    write_back = []  # (numpy array given as input, the Image pushed for it)
    try:
        gpu = None  # where numpy inputs go: the device of the first Image input, else the current
        for name, role, default, *_ in spec.params:
            v = bound.get(name, default)
            if v is REQUIRED:
                raise TypeError("%s() missing required argument '%s'" % (spec.pyname, name))
            if role == "INPUT_IMAGE":
                if isinstance(v, Image):
                    img = v
                elif v is None:
                    raise InvalidArgument("%s: image argument '%s' is None" % (spec.pyname, name))
                else:
                    if gpu is None:
                        gpu = _device_for(spec, bound)
                    img = push(v, gpu)
                    temps.append(img)
                    if in_place and isinstance(v, np.ndarray) and v.flags.writeable:
                        write_back.append((v, img))
                args.append(img._j)
            elif role == "OUTPUT_IMAGE":
                if v is None:
                    args.append(None)
                elif isinstance(v, Image):
                    given[name] = v
                    args.append(v._j)
                elif isinstance(v, np.ndarray):
                    if gpu is None:
                        gpu = _device_for(spec, bound)
                    out = create(v.shape, v.dtype, gpu)
                    temps.append(out)
                    fill.append((v, out))
                    given[name] = v
                    args.append(out._j)
                else:
                    raise InvalidArgument("%s: output '%s' must be None, a fovea.Image or a numpy "
                                          "array, got %s" % (spec.pyname, name, type(v).__name__))
            else:
                if isinstance(v, (Image, np.ndarray)):
                    raise InvalidArgument("%s: argument '%s' is a number, got an image"
                                          % (spec.pyname, name))
                args.append(_jbox(v))
        jargs = jpype.JArray(jpype.JObject)(args)
        with java_errors():
            result = spec.descriptor.invoke(jargs)
        for arr, img in fill:
            if arr.flags.c_contiguous and arr.flags.writeable:
                pull(img, arr)
            else:
                arr[...] = pull(img)
        for arr, img in write_back:
            arr[...] = pull(img).reshape(arr.shape)
        if isinstance(result, _j("org.fovea.core.GpuImage")):
            for name, v in given.items():
                if isinstance(v, Image) and v._j.equals(result):
                    return v
            for arr, img in fill:
                if img._j.equals(result):
                    return arr
        return to_python(result, spec.result_names)
    finally:
        for t in temps:
            t.close()


def make_function(spec, pyname=None, alias_of=None, renames=None):
    """A Python function for one op, with the op's signature, defaults and docstring."""
    sig = spec.signature()
    names = [p[0] for p in spec.params]
    renames = dict(renames or {})
    fname = pyname or spec.pyname

    known = frozenset(names)

    def op(*args, **kwargs):
        if kwargs:
            kwargs = _translate_keywords(fname, spec, names, kwargs, renames)
        if len(args) > len(names):
            raise TypeError("%s%s takes %d arguments, got %d" % (fname, sig, len(names), len(args)))
        bound = dict(zip(names, args))
        for k, v in kwargs.items():
            if k not in known:
                raise TypeError("%s%s got an unexpected keyword argument '%s'" % (fname, sig, k))
            if k in bound:
                raise TypeError("%s%s got multiple values for argument '%s'" % (fname, sig, k))
            bound[k] = v
        return call_op(spec, bound)

    op.__name__ = fname
    op.__qualname__ = fname
    op.__module__ = "fovea"
    op.__signature__ = sig
    op.__doc__ = spec.docstring(alias_of)
    op.fovea_op = spec.name
    return op


def _translate_keywords(fname, spec, names, kwargs, renames):
    if not kwargs:
        return kwargs
    out = {}
    for k, v in kwargs.items():
        k2 = renames.get(k, k)
        if k2 not in names and k2 in KEYWORD_SYNONYMS:
            role, i = KEYWORD_SYNONYMS[k2]
            pool = spec.inputs if role == "in" else spec.outputs
            if i < len(pool):
                k2 = pool[i]
        if k2 in out:
            raise TypeError("%s() got two values for '%s' (%s)" % (fname, k2, k))
        out[k2] = v
    return out


def load_specs():
    """OpSpec for every op in the registry, in the registry's order."""
    with java_errors():
        ds = list(_j("org.fovea.ops.OpRegistry").all())
    specs = [OpSpec(d) for d in ds]
    seen = {}
    for s in specs:
        if s.pyname in seen:
            raise FoveaError("two ops map to the Python name %s: %s and %s"
                             % (s.pyname, seen[s.pyname], s.name))
        seen[s.pyname] = s.name
    return specs
