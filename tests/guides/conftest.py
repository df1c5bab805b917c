"""library: the `world` personas plus OFII's team leader Olivier and
administrator Isabelle (Marseille), two Brussels cases and one Marseille case
in counselling, and the demo's guides and notes loaded as the demo loads them
(core.demo.guides): Fedasil's consideration guide (en/fr/nl, versions 1 and
2, shared), its orientation guide (shared), OFII's decision guide (fr,
shared), OFII's adopted copy of the consideration guide (fr, following
version 1), practice notes, and interviews run from the guides."""

import pytest

from tests.guides.helpers import load_demo_guides


@pytest.fixture
def library(world):
    return load_demo_guides(world)
