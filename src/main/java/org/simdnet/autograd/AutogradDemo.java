package org.simdnet.autograd;

import java.io.PrintStream;

/**
 * The lecture's autograd example, step by step:
 * <pre>
 *   x = [[1, 2], [3, 4]]  (requires grad)
 *   y = x − 2
 *   z = y · y · 3
 *   out = mean(z)          = 4.5
 *   out.backward()         → x.grad = 6y/4 = [[-1.5, 0], [1.5, 3]]
 * </pre>
 * The CLI runs it as {@code simdnet autograd-demo}.
 */
public final class AutogradDemo {

    private AutogradDemo() {
    }

    /**
     * Builds the graph, back-propagates, and prints x, y, z, out and x.grad, one per line:
     * <pre>
     * x = [[1.0, 2.0], [3.0, 4.0]]
     * y = [[-1.0, 0.0], [1.0, 2.0]]
     * z = [[3.0, 0.0], [3.0, 12.0]]
     * out = 4.5
     * x.grad = [[-1.5, 0.0], [1.5, 3.0]]
     * </pre>
     */
    public static void run(PrintStream out) {
        Tensor x = Tensor.of(new float[][] {{1, 2}, {3, 4}}).requireGrad();
        Tensor y = x.sub(2f);
        Tensor z = y.mul(y).mul(3f);
        Tensor mean = z.mean();
        mean.backward();
        out.println("x = " + x);
        out.println("y = " + y);
        out.println("z = " + z);
        out.println("out = " + mean);
        out.println("x.grad = " + x.grad());
    }
}
