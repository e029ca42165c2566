package org.simdnet.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * exp and tanh on float vectors from plain arithmetic, so they cost the same on every JDK (the
 * JDK's lanewise {@code EXP} depends on an optional native library) and give the same bits in
 * every lane. Each vector function has a scalar twin doing the identical operations (FMA where
 * the vector uses FMA), used for loop tails, so a value never depends on where it sits in an array.
 *
 * <p>exp(x) = 2ⁿ·eʳ with n = round(x/ln 2) and r = x − n·ln 2 (Cody–Waite: ln 2 split in a short
 * high part, exact in n·hi, and a low correction), |r| ≤ ln2/2; eʳ − 1 by its Taylor polynomial
 * to r⁷ (truncation below 2⁻²⁶ relative); 2ⁿ built from exponent bits, split as 2^(n/2)·2^(n−n/2)
 * so that results down to the subnormals and up to overflow need no special case.
 */
final class VectorMath {

    /** Below this exp underflows to +0 in float (e^-104 ≈ 6.8e-46 < half the least subnormal). */
    static final float EXP_LO = -104f;
    /** Above this exp overflows to +Inf, as Math.exp does (ln Float.MAX_VALUE ≈ 88.7228). */
    static final float EXP_HI = 89f;

    static final float LOG2E = 1.44269504f;
    static final float LN2_HI = 0.693359375f;               // 355/512: n·LN2_HI is exact for |n| < 2^15
    static final float LN2_LO = -2.12194440e-4f;            // ln 2 − LN2_HI
    /** 1.5·2²³: adding it rounds to an integer held in the low mantissa bits (round half even). */
    static final float ROUND_MAGIC = 12582912f;
    private static final int ROUND_MAGIC_BITS = Float.floatToRawIntBits(ROUND_MAGIC);

    // 1/k! for k = 7..2: eʳ − 1 = r + r²·(C2 + r·(C3 + … r·C7)).
    static final float C7 = 1f / 5040f;
    static final float C6 = 1f / 720f;
    static final float C5 = 1f / 120f;
    static final float C4 = 1f / 24f;
    static final float C3 = 1f / 6f;
    static final float C2 = 0.5f;

    /** tanh(x) is 1 in float beyond 9.01; clamping well past it keeps 2ⁿ normal. */
    private static final float TANH_CLAMP = 20f;

    private VectorMath() {
    }

    /** e^x lane-wise; NaN stays NaN, +Inf gives +Inf, −Inf gives 0. */
    static FloatVector exp(FloatVector x) {
        // compare + blend, not max/min: Java's NaN/−0 rules make those several instructions each
        FloatVector xc = x.blend(EXP_LO, x.compare(VectorOperators.LT, EXP_LO));
        xc = xc.blend(EXP_HI, xc.compare(VectorOperators.GT, EXP_HI));
        FloatVector t = xc.lanewise(VectorOperators.FMA, LOG2E, ROUND_MAGIC);
        FloatVector n = t.sub(ROUND_MAGIC);
        FloatVector r = n.lanewise(VectorOperators.FMA, -LN2_HI, xc);
        r = n.lanewise(VectorOperators.FMA, -LN2_LO, r);
        FloatVector p = r.lanewise(VectorOperators.FMA, C7, C6);
        p = p.lanewise(VectorOperators.FMA, r, C5);
        p = p.lanewise(VectorOperators.FMA, r, C4);
        p = p.lanewise(VectorOperators.FMA, r, C3);
        p = p.lanewise(VectorOperators.FMA, r, C2);
        FloatVector q = p.mul(r).lanewise(VectorOperators.FMA, r, r);     // eʳ − 1
        FloatVector er = q.add(1f);
        IntVector ni = t.reinterpretAsInts().sub(ROUND_MAGIC_BITS);
        IntVector n1 = ni.lanewise(VectorOperators.ASHR, 1);
        IntVector n2 = ni.sub(n1);
        FloatVector s1 = n1.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector s2 = n2.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector y = er.mul(s1).mul(s2);
        // NaN: the clamp kept it, the polynomial carried it; the exponent bits are garbage but x·NaN = NaN.
        return y;
    }

    /**
     * {@code y[i] = exp(x[i] − shift)} for {@code i < n}, bit for bit what {@link #exp(FloatVector)}
     * (and its scalar twin for the tail) gives, and returns their sum: the vector part summed per
     * lane and then in {@link Lanes}' halving-tree order, then the tail in index order.
     *
     * <p>The exp is written out in the loop body rather than called: in loops that C2 compiles
     * inside a larger caller it declined to inline {@code exp(FloatVector)} ("callee is too
     * large"), and every iteration then boxed its vector (6 KB per 1024-wide softmax row).
     */
    static float expShifted(int n, float[] x, int xOff, float shift, float[] y, int yOff) {
        VectorSpecies<Float> s = FloatSpecies.SPECIES;
        int lanes = s.length();
        int bound = s.loopBound(n);
        FloatVector acc = FloatVector.zero(s);
        int i = 0;
        for (; i < bound; i += lanes) {
            FloatVector v = FloatVector.fromArray(s, x, xOff + i).sub(shift);
            FloatVector xc = v.blend(EXP_LO, v.compare(VectorOperators.LT, EXP_LO));
            xc = xc.blend(EXP_HI, xc.compare(VectorOperators.GT, EXP_HI));
            FloatVector t = xc.lanewise(VectorOperators.FMA, LOG2E, ROUND_MAGIC);
            FloatVector nf = t.sub(ROUND_MAGIC);
            FloatVector r = nf.lanewise(VectorOperators.FMA, -LN2_HI, xc);
            r = nf.lanewise(VectorOperators.FMA, -LN2_LO, r);
            FloatVector p = r.lanewise(VectorOperators.FMA, C7, C6);
            p = p.lanewise(VectorOperators.FMA, r, C5);
            p = p.lanewise(VectorOperators.FMA, r, C4);
            p = p.lanewise(VectorOperators.FMA, r, C3);
            p = p.lanewise(VectorOperators.FMA, r, C2);
            FloatVector er = p.mul(r).lanewise(VectorOperators.FMA, r, r).add(1f);
            IntVector ni = t.reinterpretAsInts().sub(ROUND_MAGIC_BITS);
            IntVector n1 = ni.lanewise(VectorOperators.ASHR, 1);
            IntVector n2 = ni.sub(n1);
            FloatVector s1 = n1.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            FloatVector s2 = n2.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            FloatVector e = er.mul(s1).mul(s2);
            e.intoArray(y, yOff + i);
            acc = acc.add(e);
        }
        float sum = 0f;
        if (bound > 0) {
            // Lanes.sum's halving tree, in place (a call here would box acc when not inlined).
            acc = acc.add(acc.rearrange(Lanes.HALF));
            if (lanes >= 4) {
                acc = acc.add(acc.rearrange(Lanes.QUARTER));
            }
            if (lanes >= 8) {
                acc = acc.add(acc.rearrange(Lanes.EIGHTH));
            }
            if (lanes >= 16) {
                acc = acc.add(acc.rearrange(Lanes.SIXTEENTH));
            }
            sum = acc.lane(0);
        }
        for (; i < n; i++) {
            float e = exp(x[xOff + i] - shift);
            y[yOff + i] = e;
            sum += e;
        }
        return sum;
    }

    /**
     * e^x for |x| <= 87 only (no clamp, one scaling by 2ⁿ): bit-identical to {@link #exp(FloatVector)}
     * there, about a third fewer instructions. Other inputs give garbage, so callers check the range.
     */
    static FloatVector expInRange(FloatVector x) {
        FloatVector t = x.lanewise(VectorOperators.FMA, LOG2E, ROUND_MAGIC);
        FloatVector n = t.sub(ROUND_MAGIC);
        FloatVector r = n.lanewise(VectorOperators.FMA, -LN2_HI, x);
        r = n.lanewise(VectorOperators.FMA, -LN2_LO, r);
        FloatVector p = r.lanewise(VectorOperators.FMA, C7, C6);
        p = p.lanewise(VectorOperators.FMA, r, C5);
        p = p.lanewise(VectorOperators.FMA, r, C4);
        p = p.lanewise(VectorOperators.FMA, r, C3);
        p = p.lanewise(VectorOperators.FMA, r, C2);
        FloatVector er = p.mul(r).lanewise(VectorOperators.FMA, r, r).add(1f);
        // t's bits are ROUND_MAGIC's plus n; the shift drops ROUND_MAGIC's exponent bits
        FloatVector scale = t.reinterpretAsInts().add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        return er.mul(scale);
    }

    /** Scalar twin of {@link #exp(FloatVector)}: the same operations, the same bits. */
    static float exp(float x) {
        float xc = x < EXP_LO ? EXP_LO : x > EXP_HI ? EXP_HI : x;
        float t = Math.fma(xc, LOG2E, ROUND_MAGIC);
        float n = t - ROUND_MAGIC;
        float r = Math.fma(n, -LN2_HI, xc);
        r = Math.fma(n, -LN2_LO, r);
        float p = Math.fma(r, C7, C6);
        p = Math.fma(p, r, C5);
        p = Math.fma(p, r, C4);
        p = Math.fma(p, r, C3);
        p = Math.fma(p, r, C2);
        float q = Math.fma(p * r, r, r);
        float er = q + 1f;
        int ni = Float.floatToRawIntBits(t) - ROUND_MAGIC_BITS;
        int n1 = ni >> 1;
        int n2 = ni - n1;
        return er * Float.intBitsToFloat((n1 + 127) << 23) * Float.intBitsToFloat((n2 + 127) << 23);
    }

    /**
     * tanh lane-wise as −expm1(−2|x|) / (2 + expm1(−2|x|)) with the sign put back; expm1 comes
     * from the same reduction as exp, as 2ⁿ·q + (2ⁿ − 1), which has no cancellation near 0.
     */
    static FloatVector tanh(FloatVector x) {
        FloatVector a = x.abs();
        a = a.blend(TANH_CLAMP, a.compare(VectorOperators.GT, TANH_CLAMP));
        FloatVector z = a.mul(-2f);
        FloatVector t = z.lanewise(VectorOperators.FMA, LOG2E, ROUND_MAGIC);
        FloatVector n = t.sub(ROUND_MAGIC);
        FloatVector r = n.lanewise(VectorOperators.FMA, -LN2_HI, z);
        r = n.lanewise(VectorOperators.FMA, -LN2_LO, r);
        FloatVector p = r.lanewise(VectorOperators.FMA, C7, C6);
        p = p.lanewise(VectorOperators.FMA, r, C5);
        p = p.lanewise(VectorOperators.FMA, r, C4);
        p = p.lanewise(VectorOperators.FMA, r, C3);
        p = p.lanewise(VectorOperators.FMA, r, C2);
        FloatVector q = p.mul(r).lanewise(VectorOperators.FMA, r, r);     // eʳ − 1
        FloatVector s = t.reinterpretAsInts().sub(ROUND_MAGIC_BITS).add(127)
                .lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();   // 2ⁿ, n in [−58, 0]
        FloatVector em = q.lanewise(VectorOperators.FMA, s, s.sub(1f));    // e^z − 1
        FloatVector th = em.neg().div(em.add(2f)).abs();                  // abs: em = +0 gives −0
        // copy the sign of x (tanh(−0) = −0)
        return th.reinterpretAsInts().or(x.reinterpretAsInts().and(Integer.MIN_VALUE)).reinterpretAsFloats();
    }

    /** Scalar twin of {@link #tanh(FloatVector)}. */
    static float tanh(float x) {
        float a = Math.abs(x);
        a = a > TANH_CLAMP ? TANH_CLAMP : a;
        float z = a * -2f;
        float t = Math.fma(z, LOG2E, ROUND_MAGIC);
        float n = t - ROUND_MAGIC;
        float r = Math.fma(n, -LN2_HI, z);
        r = Math.fma(n, -LN2_LO, r);
        float p = Math.fma(r, C7, C6);
        p = Math.fma(p, r, C5);
        p = Math.fma(p, r, C4);
        p = Math.fma(p, r, C3);
        p = Math.fma(p, r, C2);
        float q = Math.fma(p * r, r, r);
        float s = Float.intBitsToFloat((Float.floatToRawIntBits(t) - ROUND_MAGIC_BITS + 127) << 23);
        float em = Math.fma(q, s, s - 1f);
        float th = Math.abs(-em / (em + 2f));
        return Float.intBitsToFloat(Float.floatToRawIntBits(th) | (Float.floatToRawIntBits(x) & Integer.MIN_VALUE));
    }
}
