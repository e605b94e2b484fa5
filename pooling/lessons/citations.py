"""Every paper the lessons cite, written once. Each is Markdown: authors, year, title, venue, arXiv."""

from __future__ import annotations

__all__ = ["BOUREAU", "CAM", "GOOGLENET", "KIM", "NIN", "RESNET", "VGG"]

KIM = "Kim 2014, *Convolutional Neural Networks for Sentence Classification*, EMNLP 2014, arXiv:1408.5882"
NIN = "Lin, Chen & Yan 2013, *Network In Network*, arXiv:1312.4400 (ICLR 2014)"
CAM = ("Zhou, Khosla, Lapedriza, Oliva & Torralba 2016, *Learning Deep Features for Discriminative "
       "Localization*, CVPR 2016, arXiv:1512.04150")
BOUREAU = ("Boureau, Ponce & LeCun 2010, *A Theoretical Analysis of Feature Pooling in Visual "
           "Recognition*, ICML 2010")
VGG = ("Simonyan & Zisserman 2014, *Very Deep Convolutional Networks for Large-Scale Image "
       "Recognition*, arXiv:1409.1556 (ICLR 2015)")
GOOGLENET = "Szegedy et al. 2015, *Going Deeper with Convolutions*, CVPR 2015, arXiv:1409.4842"
RESNET = ("He, Zhang, Ren & Sun 2016, *Deep Residual Learning for Image Recognition*, CVPR 2016, "
          "arXiv:1512.03385")
