"""Imported by the extraction pool's fork server (`pipeline.extraction`): loads and warms the extractor once,
so every worker forked from that server starts ready and shares these pages."""

import gc

import babel.localedata

from pipeline import dating, entities

# The tables first, then their sources let go (CLDR's locale data, about 25 MB, and the dictionaries only building
# needed): what is loaded after takes the memory they leave, and no worker carries them.
entities.prepare()
dating.prepare()
babel.localedata.clear_caches()
gc.collect()

# A sentence in each of the most common scripts: each loads its own cues and names.
for text in (
    "Pakistan signed an agreement on the International Lunar Research Station (ILRS) on Monday.",
    "Пакистан подписал соглашение о Международной научной лунной станции (МНЛС).",
    "巴基斯坦签署了国际月球科研站合作协议。",
    "وقعت باكستان اتفاقية المحطة الدولية لأبحاث القمر.",
):
    entities.extract(text, title=text)
gc.freeze()  # the collector would otherwise touch, and so copy, every shared object in each worker
