"""Reading a rendered PDF the way a person would: its text (poppler's pdftotext) and its pages."""

import subprocess


def run(*args: str, data: bytes | None = None) -> str:
    return subprocess.run(args, input=data, capture_output=True, check=True).stdout.decode()


def text_of(pdf: bytes, *pages: int) -> str:
    """The PDF's text with every run of whitespace (line breaks included) made one space."""
    page_args = ("-f", str(pages[0]), "-l", str(pages[-1])) if pages else ()
    return " ".join(run("pdftotext", *page_args, "-", "-", data=pdf).split())


def page_count(pdf: bytes) -> int:
    info = run("pdfinfo", "-", data=pdf)
    return int(next(line.split()[1] for line in info.splitlines() if line.startswith("Pages:")))
