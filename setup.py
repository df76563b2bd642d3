"""pip install --no-build-isolation .  builds the Python module `libsearch`
with CMake (the same build as everything else, libsearch linked in
statically) and installs it; Debian's setuptools, wheel and pip suffice,
nothing is downloaded. (Without --no-build-isolation pip would fetch
setuptools from the network.) See README, "In Python"."""

import glob
import os
import re
import shutil
import subprocess
import sys

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

ROOT = os.path.dirname(os.path.abspath(__file__))


def version():
    with open(os.path.join(ROOT, "CMakeLists.txt"), encoding="utf-8") as f:
        return re.search(r"project\(libsearch VERSION (\S+)", f.read()).group(1)


class CMakeBuild(build_ext):
    def build_extension(self, ext):
        build = os.path.abspath(self.build_temp)
        configure = ["cmake", "-S", ROOT, "-B", build, "-DCMAKE_BUILD_TYPE=Release",
                     "-DLIBSEARCH_BUILD_SHARED=OFF", "-DLIBSEARCH_BUILD_TESTS=OFF",
                     "-DLIBSEARCH_BUILD_SERVE=OFF", "-DLIBSEARCH_BUILD_DOCS=OFF",
                     "-DLIBSEARCH_INSTALL=OFF", "-DPython3_EXECUTABLE=" + sys.executable]
        if shutil.which("ccache"):
            configure.append("-DCMAKE_CXX_COMPILER_LAUNCHER=ccache")
        subprocess.check_call(configure)
        subprocess.check_call(["cmake", "--build", build, "--target", "_libsearch",
                               "-j%d" % (os.cpu_count() or 1)])
        built = glob.glob(os.path.join(build, "python", "libsearch", "_libsearch*.so"))
        if len(built) != 1:
            raise RuntimeError("the CMake build made no _libsearch module: %r" % built)
        target = self.get_ext_fullpath(ext.name)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copyfile(built[0], target)


setup(
    name="libsearch",
    version=version(),
    description="Full-text search for government press releases in Chinese and English",
    license="GPL-2.0-or-later",
    python_requires=">=3.9",
    packages=["libsearch"],
    package_dir={"": "python"},
    ext_modules=[Extension("libsearch._libsearch", sources=[])],
    cmdclass={"build_ext": CMakeBuild},
    extras_require={"pandas": ["pandas"]},
    zip_safe=False,
)
