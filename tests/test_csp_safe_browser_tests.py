"""Browser tests run under the app's Content-Security-Policy, which forbids eval: Playwright evaluates a bare
expression string given to wait_for_function with eval, so such calls fail. Pass a function ("() => ...")."""
import re
from pathlib import Path

BARE = re.compile(r"""wait_for_function\(\s*(?:f?["'])(?!\s*(?:\(\s*\)|\w+)\s*=>|\s*function)""")


def test_wait_for_function_gets_a_function_not_an_expression():
    offenders = [f"{path.name}:{n}" for path in Path(__file__).parent.joinpath("browser").glob("*.py")
                 for n, line in enumerate(path.read_text().splitlines(), 1) if BARE.search(line)]
    assert not offenders, f"pass wait_for_function a function ('() => ...'), the CSP forbids eval: {offenders}"
