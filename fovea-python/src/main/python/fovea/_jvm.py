"""Starting the JVM with Fovea's jars (Debian's python3-jpype or any JPype >= 1.4)."""

import glob
import os
import shlex
from pathlib import Path

from ._errors import FoveaError

try:
    import jpype
except ImportError:  # pragma: no cover - depends on the interpreter
    raise ImportError(
        "fovea needs JPype: use Debian's /usr/bin/python3 with python3-jpype (./fovea python and "
        "./fovea test install it), or `pip install JPype1` in this interpreter (docs/python.md)"
    ) from None

# fovea-python/src/main/python/fovea/_jvm.py -> fovea-python/
_MODULE_DIR = Path(__file__).resolve().parents[4]
_DEBIAN_JPYPE_JAR = "/usr/share/java/org.jpype.jar"

SETUP_HINT = (
    "build Fovea once with `./fovea python --setup` in the Fovea checkout (or "
    "`mvn -q -B package -DskipTests -pl fovea-python -am`), or point FOVEA_CLASSPATH at "
    "fovea-python/target/lib/*:fovea-python/target/fovea-python-<version>.jar"
)


def _expand(entries):
    out = []
    for e in entries:
        e = e.strip()
        if not e:
            continue
        if any(c in e for c in "*?["):
            out.extend(sorted(glob.glob(e)))
        else:
            out.append(e)
    return out


def classpath():
    """The jars Fovea needs: FOVEA_CLASSPATH if set, else the build of this checkout."""
    env = os.environ.get("FOVEA_CLASSPATH")
    if env:
        cp = _expand(env.split(os.pathsep))
    else:
        target = _MODULE_DIR / "target"
        own = [
            str(p)
            for p in sorted(target.glob("fovea-python-*.jar"))
            if not p.name.endswith(("-sources.jar", "-tests.jar", "-javadoc.jar"))
        ]
        lib = [str(p) for p in sorted((target / "lib").glob("*.jar"))]
        if not own or not lib:
            raise FoveaError("Fovea's jars are not built in " + str(target) + ": " + SETUP_HINT)
        cp = own + lib
    # Debian's python3-jpype keeps its Java half outside the Python package (see docs/python.md).
    if os.path.exists(_DEBIAN_JPYPE_JAR) and os.path.realpath(jpype.__file__).startswith(
        "/usr/lib/python3/"
    ):
        cp.append(_DEBIAN_JPYPE_JAR)
    return cp


def start():
    """Starts the JVM once (or checks that an already running one can see Fovea)."""
    if jpype.isJVMStarted():
        try:
            jpype.JClass("org.fovea.ops.OpRegistry")
        except Exception:
            raise FoveaError(
                "a JVM is already running in this Python process without Fovea on its class "
                "path; start it with jpype.startJVM(classpath=fovea._jvm.classpath()) or import "
                "fovea first"
            ) from None
        return
    opts = shlex.split(os.environ.get("FOVEA_JAVA_OPTS", ""))
    if not any(o.startswith("-Djava.awt.headless") for o in opts):
        opts.append("-Djava.awt.headless=true")
    try:
        jpype.startJVM(*opts, classpath=classpath(), convertStrings=False)
    except OSError as e:
        raise FoveaError(
            "could not start Java (Fovea needs a Java 17+ JVM; set JAVA_HOME): " + str(e)
        ) from None
