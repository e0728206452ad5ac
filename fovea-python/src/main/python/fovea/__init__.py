"""Fovea from Python: GPU image analysis for microscopy over the Java library (through JPype).

    import fovea as cle
    blurred = cle.gaussian_blur(stack, sigma_x=2, sigma_y=2, sigma_z=2)   # numpy in, GPU image out
    mip = cle.maximum_z_projection(blurred)
    print(cle.sum_of_all_pixels(mip), cle.pull(mip).shape)

Every op of Fovea's catalog is a function here, generated at import time from the op descriptors
(``help(fovea.gaussian_blur3d)``), plus pyclesperanto's dimension-agnostic names (see
``fovea.ALIASES``). Images are numpy arrays (pushed for the call) or ``fovea.Image``; see
docs/python.md.
"""

import atexit as _atexit

from . import _jvm
from ._errors import (
    DeviceNotFound,
    FoveaError,
    InvalidArgument,
    KernelBuildFailed,
    NoOpenClRuntime,
    OpenClError,
    OutOfGpuMemory,
)

_jvm.start()

from . import _aliases, _image, _ops  # noqa: E402
from ._aliases import ALIASES  # noqa: E402
from ._image import (  # noqa: E402
    Image,
    close_device,
    create,
    create_like,
    get_device,
    memory_report,
    pull,
    push,
    select_device,
)
from ._ops import snake_case  # noqa: E402

__version__ = "0.1.0"

_SPECS = {s.pyname: s for s in _ops.load_specs()}
_BY_JAVA = {s.name: s for s in _SPECS.values()}
_MISSING = {}  # alias -> message

for _name, _spec in _SPECS.items():
    globals()[_name] = _ops.make_function(_spec)


def _columns_result(fn, spec, extra_keys):
    """pyclesperanto returns tables as a dict of numpy columns: so does the alias, whether the op
    returns a Map, a double[][] or a table image (one row per column name)."""
    import functools

    import numpy as np

    @functools.wraps(fn)
    def table(*args, **kwargs):
        r = fn(*args, **kwargs)
        if isinstance(r, Image):
            with r:
                a = pull(r)
            names = [snake_case(n) for n in spec.result_names]
            if a.ndim == 2 and names and a.shape[0] == len(names):
                return {n: a[i].copy() for i, n in enumerate(names)}
            if a.ndim == 2 and names and a.shape[1] == len(names):
                return {n: a[:, i].copy() for i, n in enumerate(names)}
            raise FoveaError("%s: cannot read the table image of shape %s with columns %s"
                             % (fn.__name__, a.shape, names))
        if isinstance(r, dict):
            out = {k: np.asarray(v) for k, v in r.items()}
            for k, alias in extra_keys.items():
                if k in out and alias not in out:
                    out[alias] = out[k]
            return out
        return r

    return table


def _make_alias(name, entry):
    op = entry["op"]
    renames = entry.get("renames", {})
    if not isinstance(op, dict):
        spec = _BY_JAVA[op]
        fn = _ops.make_function(spec, name, alias_of=op, renames=renames)
        if entry.get("result") == "columns":
            fn = _columns_result(fn, spec, entry.get("columns", {}))
        return fn
    by_dim = {d: _BY_JAVA[o] for d, o in op.items()}
    widest = by_dim[max(by_dim)]
    fns = {d: _ops.make_function(s, name, alias_of=s.name, renames=renames)
           for d, s in by_dim.items()}

    def alias(*args, **kwargs):
        first = args[0] if args else None
        if first is None:
            for k in (widest.inputs[0], "source", "input_image", "input", "image"):
                if k in kwargs:
                    first = kwargs[k]
                    break
        ndim = first.ndim if isinstance(first, Image) else _image._as_array(first).ndim
        d = 3 if ndim >= 3 else 2
        spec = by_dim.get(d)
        if spec is None:
            raise InvalidArgument("%s: Fovea has this op for %s images only, got a %dD image"
                                  % (name, "/".join("%dD" % k for k in by_dim), d))
        names = {p[0] for p in spec.params}
        # z parameters of the 3D form mean nothing for a 2D image
        kwargs = {k: v for k, v in kwargs.items()
                  if not (k not in names and renames.get(k, k).endswith("_z"))}
        return fns[d](*args, **kwargs)

    alias.__name__ = alias.__qualname__ = name
    alias.__module__ = __name__
    alias.__signature__ = widest.signature()
    alias.__doc__ = ("pyclesperanto's %s: Fovea's %s by the input's dimensions.\n\n"
                     % (name, ", ".join("%dD → %s" % (d, s.name) for d, s in by_dim.items()))
                     + widest.docstring())
    alias.fovea_op = op
    return alias


def _install_aliases(table):
    """Defines the functions of an alias table whose ops exist; records the others in _MISSING
    (their names then raise an AttributeError that says why). Returns the names installed."""
    installed = []
    for name, entry in table.items():
        absent = [o for o in _aliases.ops_of(entry) if o not in _BY_JAVA]
        if absent:
            _MISSING[name] = (
                "fovea.%s (pyclesperanto's name) needs the op %s, which is not in this Fovea "
                "(its op registry has %d ops; fovea.ops() lists them)"
                % (name, " and ".join(absent), len(_BY_JAVA))
            )
            if name not in _SPECS:
                globals().pop(name, None)
            continue
        _MISSING.pop(name, None)
        globals()[name] = _make_alias(name, entry)
        installed.append(name)
    return installed


_install_aliases(ALIASES)


def __getattr__(name):
    if name in _MISSING:
        raise AttributeError(_MISSING[name])
    raise AttributeError("module 'fovea' has no attribute '%s'" % name)


def ops():
    """The names of the generated op functions (snake_case), in the catalog's order."""
    return list(_SPECS)


def aliases():
    """The pyclesperanto names available in this Fovea, with the Fovea op(s) behind each."""
    return {n: e["op"] for n, e in ALIASES.items() if n not in _MISSING}


def missing_aliases():
    """The pyclesperanto names of the alias table whose op this Fovea lacks, with the reason."""
    return dict(_MISSING)


def op_spec(name):
    """The OpSpec (descriptor, Python parameters) of a function or Fovea op name."""
    return _SPECS.get(name) or _BY_JAVA[name]


from ._workflows import count_spots, run_scope  # noqa: E402

_atexit.register(close_device)
