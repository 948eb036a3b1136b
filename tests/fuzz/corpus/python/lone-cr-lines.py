import os

import pkŸÑ”š†Œõ™rom pkg.keys import *

dotted = os.getenv(pkg.keys.PREFIX + "DOTTED")
star = os.getenv(PREFIr = os.gR")
