"""Papers the lessons cite, each written once."""

__all__ = ["CAM", "NIN"]

NIN = "Lin, Chen & Yan 2013, *Network In Network*, arXiv:1312.4400 (ICLR 2014)"
CAM = ("Zhou, Khosla, Lapedriza, Oliva & Torralba 2016, *Learning Deep Features for Discriminative "
       "Localization*, CVPR 2016, arXiv:1512.04150")
