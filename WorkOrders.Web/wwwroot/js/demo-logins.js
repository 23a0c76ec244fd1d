// Development only: a click on a demo login fills the sign-in form.
document.querySelectorAll('.demo-login').forEach(b => b.addEventListener('click', () => {
    document.getElementById('Input_Email').value = b.dataset.email;
    document.getElementById('Input_Password').value = document.getElementById('demo-password').textContent;
    document.getElementById('sign-in').focus();
}));
