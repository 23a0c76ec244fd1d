// Development sign-in page: a click on a demo login fills the form (a file, not inline, for the content security policy).
document.querySelectorAll('.demo-login').forEach(b => b.addEventListener('click', () => {
    document.getElementById('Input_Email').value = b.dataset.email;
    document.getElementById('Input_Password').value = b.dataset.password;
    document.getElementById('sign-in').focus();
}));
