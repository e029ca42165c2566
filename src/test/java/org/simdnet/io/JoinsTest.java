package org.simdnet.io;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;

class JoinsTest {

    /** An interrupted caller still waits for the thread to end, and finds its interrupt set again. */
    @Test
    void waitsThroughAnInterruptAndKeepsIt() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        Thread helper = new Thread(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        helper.start();
        Thread caller = Thread.currentThread();
        Thread releaser = new Thread(() -> {
            caller.interrupt();                      // while the caller waits
            try {
                Thread.sleep(200);
            } catch (InterruptedException ignored) {
                // the test thread never interrupts this one
            }
            release.countDown();
        });
        releaser.start();
        Joins.uninterruptibly(helper);
        assertFalse(helper.isAlive(), "returned before the thread ended");
        assertTrue(Thread.interrupted(), "the caller's interrupt was lost");
        releaser.join();
    }
}
