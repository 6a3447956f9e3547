"""Legacy Word (.doc) and Kingsoft WPS (.wps) reports, converted by LibreOffice.

If `soffice` (or `libreoffice`) is on PATH, the file is converted to .docx in a private temporary
directory (headless, its own user profile so parallel runs and a user's open LibreOffice do not
collide, a timeout) and read with `read_docx`. Without LibreOffice the file is recorded as failed
with reason `needs_libreoffice` and a message saying how to enable it.

Files named .doc are often something else; `ingest.readers.sniff_format` sends a web page
("Save as Web Page", or an .mht single-file page), a .docx package or plain text to its own
reader, so only RTF, Word binaries and other binary word-processor formats arrive here.
Password-protected files fail with reason `encrypted`; an Office container without a Word
document in it (a damaged file, a spreadsheet named .doc) with `corrupt`, rather than being
imported as garbage text.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from ingest.document import Document, ReaderError
from ingest.readers import CFB_MAGIC, RTF_MAGIC
from ingest.readers.docx import read_docx

CONVERT_TIMEOUT_SECONDS = 120
_INSTALL_HINT = "install it (e.g. `apt-get install libreoffice-writer-nogui`) and re-run ingest"


def find_soffice() -> str | None:
    """The LibreOffice executable on PATH, if any."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return None


def read_legacy(
    data: bytes, source: str = "<bytes>", *, timeout: float = CONVERT_TIMEOUT_SECONDS
) -> Document:
    """Read a .doc/.wps/RTF; raise ReaderError('needs_libreoffice' | 'encrypted' | ...) if not.

    `ingest.readers.sniff_format` sends here only what needs LibreOffice: a web page, a .docx
    package or plain text under a .doc name goes to its own reader.
    """
    is_cfb = data.startswith(CFB_MAGIC)
    if is_cfb and "EncryptedPackage".encode("utf-16-le") in data:
        raise ReaderError(
            "encrypted",
            f"{source}: the Word file is password-protected; save a copy without the password "
            "and re-run ingest",
        )
    if is_cfb and Path(source).suffix.lower() != ".wps" and not _has_stream(data, "WordDocument"):
        raise ReaderError(
            "corrupt",
            f"{source}: an Office container without a Word document in it (damaged, or a "
            "spreadsheet or presentation named .doc); open it and save it as .docx",
        )
    soffice = find_soffice()
    if soffice is None:
        raise ReaderError(
            "needs_libreoffice",
            f"{source}: legacy .doc/.wps needs LibreOffice to convert; {_INSTALL_HINT}",
        )
    return _convert_and_read(data, source, soffice, timeout)


def _has_stream(data: bytes, name: str) -> bool:
    """Whether a compound file's directory names a stream (names are stored as UTF-16-LE)."""
    return name.encode("utf-16-le") in data


def _input_kind(data: bytes, source: str) -> tuple[str, str | None]:
    """(suffix, LibreOffice import filter) for the input file.

    The filter is named where the format is known: without it LibreOffice imports a damaged
    Word file as plain text (pages of binary garbage) instead of failing. Kingsoft .wps files
    are Word binaries inside and take the Word filter too.
    """
    if data.lstrip().startswith(RTF_MAGIC):
        return ".rtf", "Rich Text Format"
    if data.startswith(CFB_MAGIC) and _has_stream(data, "WordDocument"):
        return ".doc", "MS Word 97"
    suffix = Path(source).suffix.lower()
    return (suffix if suffix in (".doc", ".wps") else ".doc"), None


def _convert_and_read(data: bytes, source: str, soffice: str, timeout: float) -> Document:
    with tempfile.TemporaryDirectory(prefix="xxgk-soffice-") as work:
        workdir = Path(work)
        profile = workdir / "profile"
        outdir = workdir / "out"
        outdir.mkdir()
        suffix, import_filter = _input_kind(data, source)
        document = workdir / f"report{suffix}"
        document.write_bytes(data)
        command = [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--invisible",
            "--nologo",
            "--nodefault",
            "--norestore",
            "--nolockcheck",
            *([f"--infilter={import_filter}"] if import_filter else []),
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(outdir),
            str(document),
        ]
        try:
            process = subprocess.Popen(
                command,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                stdin=subprocess.DEVNULL,
                cwd=workdir,
                start_new_session=True,  # its own process group, so a timeout ends all of it
            )
        except OSError as error:
            raise ReaderError(
                "conversion_failed",
                f"{source}: cannot start LibreOffice ({soffice}: {error}); {_INSTALL_HINT}",
            ) from error
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired as error:
            _kill_group(process)
            raise ReaderError(
                "conversion_timeout",
                f"{source}: LibreOffice did not convert the file within {timeout:g} s; "
                "open it in Word or WPS, save it as .docx and re-run ingest",
            ) from error
        converted = outdir / f"{document.stem}.docx"
        if process.returncode != 0 or not converted.exists():
            output = (stderr + stdout).decode("utf-8", errors="replace").splitlines()
            detail = "; ".join(
                line.strip() for line in output if line.strip() and "javaldx" not in line
            )[-300:]
            raise ReaderError(
                "conversion_failed",
                f"{source}: LibreOffice could not convert the file (exit {process.returncode}"
                f"{': ' + detail if detail else ''}); it may be damaged or password-protected: "
                "open it in Word or WPS, save it as .docx and re-run ingest",
            )
        return read_docx(converted.read_bytes(), source)


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        process.kill()
    process.communicate()
