//! Durable timers with an injected clock: the closing line after payment
//! fires once, also when it fell due while the bot was down.

mod support;

use support::*;

const DELAY: i64 = 7200;

#[tokio::test]
async fn the_closing_line_follows_payment_once() {
    let channel = TestChannel::start().await;
    let data = tempfile::tempdir().unwrap();
    let clock = ManualClock::at(1_700_000_000);
    let bot = start_bot_at(&channel, data.path(), &clock);
    channel.push(message_on("e-1", "c-1", "在吗", "p-1001"));
    channel.push(order("e-2", "c-1", "o-1", "created", "p-1001", "L"));
    channel.push(order("e-3", "c-1", "o-1", "paid", "p-1001", "L"));
    channel
        .wait_until("three replies", |c| c.posted("c-1").len() == 3)
        .await;

    clock.advance(DELAY - 60);
    // Give the timer tick a chance: nothing is due yet.
    channel.push(message("e-4", "c-2", "你好"));
    channel
        .wait_until("another conversation answered", |c| {
            c.posted("c-2").len() == 1
        })
        .await;
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    assert_eq!(channel.posted("c-1").len(), 3, "not due yet");

    clock.advance(60);
    channel
        .wait_until("closing line", |c| c.posted("c-1").len() == 4)
        .await;
    assert!(
        channel.posted("c-1")[3].contains("收藏"),
        "{:?}",
        channel.posted("c-1")
    );
    clock.advance(DELAY * 10);
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    assert_eq!(channel.posted("c-1").len(), 4, "fires once");
    bot.stop().await;
}

#[tokio::test]
async fn a_timer_that_fell_due_while_down_fires_once_after_restart() {
    let channel = TestChannel::start().await;
    let data = tempfile::tempdir().unwrap();
    let clock = ManualClock::at(1_700_000_000);
    let bot = start_bot_at(&channel, data.path(), &clock);
    channel.push(order("e-1", "c-1", "o-1", "created", "p-1001", "L"));
    channel.push(order("e-2", "c-1", "o-1", "paid", "p-1001", "L"));
    channel
        .wait_until("two replies", |c| {
            c.posted("c-1").len() == 2 && c.all_acked()
        })
        .await;
    bot.stop().await;

    clock.advance(DELAY * 3);
    // The channel redelivers nothing new; the paid event is known and acked.
    let bot = start_bot_at(&channel, data.path(), &clock);
    channel
        .wait_until("closing after restart", |c| c.posted("c-1").len() == 3)
        .await;
    // A redelivered paid event must not schedule a second closing.
    channel.push(order("e-2", "c-1", "o-1", "paid", "p-1001", "L"));
    channel.wait_until("acked again", |c| c.all_acked()).await;
    clock.advance(DELAY * 3);
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    assert_eq!(channel.posted("c-1").len(), 3);
    bot.stop().await;
    let store = open_store(data.path());
    assert_eq!(store.timer_count(), 0);
}
