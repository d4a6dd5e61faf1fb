"""The index's copy of each text: CPU to pack and unpack a cable, and the size, by codec.

    python benchmarks/pack_text.py [FOLDER] [--repeat 3]

Reads every cable of FOLDER (default ../shared/cables/text) as the first phase does and
packs each text's UTF-8 with zlib (levels 1 and 6), with ISA-L's deflate (the ``isal``
package, levels 0-2: what rows.pack_text uses, at 1), and with any of zlib-ng, lz4 and
zstandard that is installed (none of them a dependency: printed for the comparison). Every
copy is unpacked and compared with the text. Prints the best of N passes, CPU a cable, and
the packed size against the text's. Every codec in zlib's format is unpacked by zlib, as the
index reads it (database.unpack_text).
"""

from __future__ import annotations

import argparse
import sys
import time
import zlib
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from isal import isal_zlib  # noqa: E402

from reader.parser.containers import UnreadableFile, read_cables  # noqa: E402

Codec = tuple[Callable[[bytes], bytes], Callable[[bytes], bytes]]


def codecs() -> dict[str, Codec]:
    found: dict[str, Codec] = {
        "zlib 1": (lambda b: zlib.compress(b, 1), zlib.decompress),
        "zlib 6": (lambda b: zlib.compress(b, 6), zlib.decompress),
        "isal 0 (zlib's format)": (lambda b: isal_zlib.compress(b, 0), zlib.decompress),
        "isal 1 (zlib's format)": (lambda b: isal_zlib.compress(b, 1), zlib.decompress),
        "isal 2 (zlib's format)": (lambda b: isal_zlib.compress(b, 2), zlib.decompress),
    }
    try:
        from zlib_ng import zlib_ng

        found["zlib-ng 1 (zlib's format)"] = (lambda b: zlib_ng.compress(b, 1), zlib.decompress)
    except ImportError:
        pass
    try:
        import lz4.block

        found["lz4 block"] = (lz4.block.compress, lz4.block.decompress)
    except ImportError:
        pass
    try:
        import zstandard

        packer, unpacker = zstandard.ZstdCompressor(level=1), zstandard.ZstdDecompressor()
        found["zstd 1"] = (packer.compress, unpacker.decompress)
    except ImportError:
        pass
    return found


def _text(text: str, **_: object) -> str:
    """A "parser" that gives the text the container read (the index packs Cable.text)."""
    return text


def utf8_texts(folder: Path) -> list[bytes]:
    """The UTF-8 of every cable text of ``folder``, as rows.pack_text packs it."""
    texts: list[bytes] = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        try:
            texts += [t.encode("utf-8", "surrogatepass") for t in read_cables(path, _text)]
        except UnreadableFile:
            pass
    return texts


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument(
        "folder",
        nargs="?",
        type=Path,
        default=Path(__file__).resolve().parents[2] / "shared" / "cables" / "text",
    )
    args = ap.parse_args()
    texts = utf8_texts(args.folder)
    n, size = len(texts), sum(map(len, texts))
    print(f"folder: {args.folder}: {n} cables, {size / n:,.0f} bytes a text; best of "
          f"{args.repeat}, CPU a cable:")  # fmt: skip
    for name, (pack, unpack) in codecs().items():
        best_pack = best_unpack = float("inf")
        packed_size = 0
        for _ in range(args.repeat):
            cpu = time.process_time()
            packed = [pack(t) for t in texts]
            best_pack = min(best_pack, time.process_time() - cpu)
            cpu = time.process_time()
            back = [unpack(p) for p in packed]
            best_unpack = min(best_unpack, time.process_time() - cpu)
            if back != texts:
                raise SystemExit(f"{name}: a text did not come back whole")
            packed_size = sum(map(len, packed))
        print(f"{name:26} pack {best_pack / n * 1e6:6.1f} us, unpack {best_unpack / n * 1e6:5.1f}"
              f" us, size {packed_size / size:.3f} of the text")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
