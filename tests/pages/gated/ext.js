window.order.push("external:" + document.currentScript.getAttribute("data-extra"));
