import type { FramingMeasure, Rect } from '../types.ts';

type Edge = 'top' | 'right' | 'bottom' | 'left';

/**
 * How much of the frame the whole product spans on its best axis, and which edges cut it.
 * Everything is measured at analysis scale and the box is returned in upright pixels.
 */
export function measureFraming(productBox: Rect | null, width: number, height: number, scale: number): FramingMeasure {
  if (!productBox) return { spanShare: 0, cutEdges: [], productBox: null };
  const spanShare = Math.max(productBox.width / width, productBox.height / height);
  const cutEdges: Edge[] = [];
  if (productBox.y <= 0) cutEdges.push('top');
  if (productBox.x + productBox.width >= width) cutEdges.push('right');
  if (productBox.y + productBox.height >= height) cutEdges.push('bottom');
  if (productBox.x <= 0) cutEdges.push('left');
  return { spanShare: Math.min(1, spanShare), cutEdges, productBox: toUpright(productBox, scale) };
}

/** Analysis-scale rectangle → upright full-resolution pixels (outward rounding). */
export function toUpright(rect: Rect, scale: number): Rect {
  const x = Math.floor(rect.x / scale);
  const y = Math.floor(rect.y / scale);
  return {
    x,
    y,
    width: Math.ceil((rect.x + rect.width) / scale) - x,
    height: Math.ceil((rect.y + rect.height) / scale) - y,
  };
}
