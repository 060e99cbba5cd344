// The "Chia sẻ" button opens the system share sheet (Zalo, Messenger, …) through the Web Share
// API. Browsers without it never see the button; the links and the address beside it work
// without any script.
const shareButton = document.querySelector('.share__button');
if (shareButton && typeof navigator.share === 'function') {
  shareButton.hidden = false;
  shareButton.addEventListener('click', () => {
    navigator
      .share({ title: shareButton.dataset.title, url: shareButton.dataset.url })
      // The reader closed the sheet, or the browser declined: the page stays as it was.
      .catch(() => undefined);
  });
}

// A tap or Tab on the address selects all of it, ready to copy.
const shareAddress = document.querySelector('.share__address');
if (shareAddress) {
  const selectAll = () => shareAddress.select();
  shareAddress.addEventListener('focus', selectAll);
  shareAddress.addEventListener('click', selectAll);
}
