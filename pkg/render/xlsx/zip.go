package xlsx

// The workbook's compression.

import "compress/flate"

// zipLevel compresses the workbook's parts and its stored copy of the
// document. Huffman codes only, not zipx's default BestSpeed: renders of
// the seed documents alternating the two levels in one process took
// 10–14 % longer with BestSpeed (seed 001: median 6.6 against 6.0 ms),
// for files about 2.4 times smaller (28 % of the parts' size against
// 70 %); a workbook is a few tens of kilobytes, the render's time is what
// a server pays for.
const zipLevel = flate.HuffmanOnly
